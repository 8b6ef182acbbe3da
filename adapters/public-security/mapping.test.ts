import { DataLayerError } from '../kit/errors';
import type { LegacyResult } from './client';
import { toSlots } from './mapping';

const WANG = '310107197802030012';

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ZJLX: '111',
    ZJHM: WANG,
    GJDQ: 'CHN',
    XM: '王强',
    YWXM: { '@_nil': 'true' },
    XB: '1',
    CSRQ: '19780203',
    HJDZ: { '@_nil': 'true' },
    FQSFZH: { '@_nil': 'true' },
    MQSFZH: { '@_nil': 'true' },
    ZNSFZHLB: '',
    ...overrides,
  };
}

const found = (ryxx: Record<string, unknown> | undefined, XH = '1'): LegacyResult => ({
  XH,
  FHDM: '0000',
  FHXX: '查询成功',
  RYXX: ryxx,
});

function codeOf(slot: unknown): string {
  if (!(slot instanceof DataLayerError))
    throw new Error(`expected a DataLayerError, got ${JSON.stringify(slot)}`);
  return `${slot.code}: ${slot.message}`;
}

describe('public-security mapping', () => {
  it('keeps nil elements as null and an empty child list as []', () => {
    expect(toSlots([WANG], [found(record())])).toEqual([
      {
        id: WANG,
        name: '王强',
        nameLatin: null,
        documentType: 'RESIDENT_ID_CARD',
        documentNumber: WANG,
        nationality: 'CHN',
        sex: 'MALE',
        birthDate: '1978-02-03',
        householdAddress: null,
        fatherId: null,
        motherId: null,
        childIds: [],
      },
    ]);
  });

  it('matches results to ids by sequence number, not by position', () => {
    const other = '310107198511220021';
    const slots = toSlots(
      [WANG, other],
      [{ XH: '2', FHDM: '0001', FHXX: '查无此人', RYXX: undefined }, found(record(), '1')],
    );
    expect(slots[0]).toMatchObject({ id: WANG });
    expect(slots[1]).toBeNull();
  });

  it.each([
    ['a missing name', record({ XM: undefined }), 'XM is missing or empty'],
    ['a birth date that is no date', record({ CSRQ: '19780231' }), 'CSRQ "19780231" is not a yyyyMMdd date'],
    ['an unknown sex code', record({ XB: '9' }), 'XB "9" is not 1 or 2'],
    [
      'an unknown document type code',
      record({ ZJLX: '999' }),
      'ZJLX "999" is not a known document type code',
    ],
    [
      'another person',
      record({ ZJHM: '310107198511220021' }),
      `answered for 310107198511220021 where ${WANG} was asked`,
    ],
    ['a nested element where text belongs', record({ XM: { A: 'b' } }), 'XM is missing or empty'],
  ])('fails the record with BAD_LEGACY_REPLY for %s', (_, ryxx, why) => {
    expect(codeOf(toSlots([WANG], [found(ryxx)])[0])).toBe(
      `BAD_LEGACY_REPLY: public-security QueryPersonBatch: malformed record for ${WANG}: ${why}`,
    );
  });

  it('fails a missing result with BAD_LEGACY_REPLY and an unknown return code with LEGACY_FAULT', () => {
    const slots = toSlots(
      [WANG, '310107198511220021'],
      [{ XH: '2', FHDM: '0002', FHXX: '查询条件不完整', RYXX: undefined }],
    );
    expect(codeOf(slots[0])).toBe(
      `BAD_LEGACY_REPLY: public-security QueryPersonBatch: no result for condition 1 (${WANG})`,
    );
    expect(codeOf(slots[1])).toBe(
      'LEGACY_FAULT: public-security QueryPersonBatch: return code 0002 for 310107198511220021',
    );
  });

  it('drops a malformed relative id instead of hiding the person', () => {
    const slots = toSlots(
      [WANG],
      [found(record({ FQSFZH: '12345', ZNSFZHLB: { ZNSFZH: ['310107202308150047', 'x'] } }))],
    );
    expect(slots[0]).toMatchObject({ fatherId: null, childIds: ['310107202308150047'] });
  });
});
