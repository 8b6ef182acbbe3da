import iconv from 'iconv-lite';
import { loadWorld } from '../data/generator';
import { indexWorld, type WProperty, type WorldIndex } from '../data/world';

/** Owners of the edge-case properties added to the test world (valid ids no generated person has). */
export const EDGE_OWNER = {
  fullWidth: withCheck('31010719700101001'),
  overlong: withCheck('31010719700101002'),
};

// Mocks compute check digits themselves (they must not import the adapters they fake for).
function withCheck(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i]!;
  return first17 + '10X98765432'[sum % 11]!;
}

/** 28 two-byte characters and one four-byte one (𠮷): exactly the 60 bytes of the address field. */
export const FULL_WIDTH_ADDRESS = '上海市普陀区中山北路三千六百六十三号华东师范大学中北宿舍𠮷';
/** 'A' and 29 two-byte characters (59 bytes), then 室: 61 bytes, one over the field. */
export const OVERLONG_ADDRESS = 'A上海市普陀区中山北路三千六百六十三号华东师范大学中北宿舍楼室';

const edgeProperty = (
  owner: string,
  address: string,
  unitNo: string,
  certId: string,
  certNo: string,
): WProperty => ({
  certificateNo: certNo,
  certificateId: certId,
  unitNo,
  address,
  areaM2: 9999999.99,
  usage: 'INDUSTRIAL',
  registeredOn: '2000-02-29',
  owners: [{ type: 'PERSON', id: owner, sharePct: 100 }],
  mortgaged: false,
});

/**
 * The generated world (50 bulk people) plus two properties that push the fixed-width
 * fields to their edges: every field at full width, and an address one byte too long.
 */
export function edgeWorld(): WorldIndex {
  const base = loadWorld({ people: 50 }).world;
  if (iconv.encode(FULL_WIDTH_ADDRESS, 'gb18030').length !== 60)
    throw new Error('FULL_WIDTH_ADDRESS must be 60 bytes');
  if (iconv.encode(OVERLONG_ADDRESS, 'gb18030').length !== 61)
    throw new Error('OVERLONG_ADDRESS must be 61 bytes');
  return indexWorld({
    ...base,
    properties: [
      ...base.properties,
      // 40-byte certificate number, 24-byte certificate id, 20-byte unit number, 9-digit area.
      edgeProperty(
        EDGE_OWNER.fullWidth,
        FULL_WIDTH_ADDRESS,
        'PT-3663-00-0000-FULL',
        'HS-RE-2000-0000000000001',
        '沪(2000)普字不动产权第0000000000000001号',
      ),
      edgeProperty(
        EDGE_OWNER.overlong,
        OVERLONG_ADDRESS,
        'PT-3663-00-0001',
        'HS-RE-2000-000002',
        '沪(2000)普字不动产权第000002号',
      ),
    ],
  });
}
