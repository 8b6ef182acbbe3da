import { unitContext, unitTrust } from '../kit/test-support';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { startTaxMock, type TaxMockHandle } from '../../mocks/tax/server';
import { gb32100CheckChar } from '../../adapters/kit/identity';
import { removeFile, tempSqlitePath } from '../../adapters/tax/test-support';
import { buildApollo } from '../kit/subgraph';
import { buildTaxSubgraph, type TaxSubgraph } from './server';

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Company {
        uscc
        taxStatus {
          taxpayerId
          registeredOn
          creditRating
          taxOffice
          status
          arrears
          lastFiledPeriod
          inGoodStanding
        }
      }
    }
  }
`;
const PUTUO = '国家税务总局上海市普陀区税务局';
const UNKNOWN = '91310107MA1KKKKKK' + gb32100CheckChar('91310107MA1KKKKKK');

describe('tax subgraph', () => {
  let mock: TaxMockHandle;
  let subgraph: TaxSubgraph;
  let apollo: ReturnType<typeof buildApollo>;
  const file = tempSqlitePath('subgraph');

  async function entities(usccs: string[]) {
    const res = await apollo.executeOperation(
      {
        query: ENTITIES,
        variables: { representations: usccs.map((uscc) => ({ __typename: 'Company', uscc })) },
      },
      { contextValue: unitContext('counter') },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  }

  beforeAll(async () => {
    mock = await startTaxMock({ world: loadWorld({ people: 50 }), sqlitePath: file, baseLatencyMs: 0 });
    subgraph = buildTaxSubgraph({ url: mock.url, busyTimeoutMs: 100 });
    apollo = buildApollo(subgraph, unitTrust());
    await apollo.start();
  });
  beforeEach(() =>
    Object.assign(subgraph.adapter.operations.taxStatusByUscc.stats, {
      calls: 0,
      keys: 0,
      cacheHits: 0,
      staleServes: 0,
    }),
  );
  afterEach(() => mock.controller.clear());
  afterAll(async () => {
    await apollo.stop();
    await subgraph.close?.();
    await mock.close();
    removeFile(file);
  });

  it('resolves the restaurant, pharmacy and supermarket with exact figures in one query', async () => {
    expect(await entities([GOLDEN.restaurant, GOLDEN.pharmacy, GOLDEN.supermarket])).toEqual({
      data: {
        _entities: [
          {
            uscc: GOLDEN.restaurant,
            taxStatus: {
              taxpayerId: GOLDEN.restaurant,
              registeredOn: '2019-04-25',
              creditRating: 'A',
              taxOffice: PUTUO,
              status: 'NORMAL',
              arrears: 0,
              lastFiledPeriod: '2026-10',
              inGoodStanding: true,
            },
          },
          {
            uscc: GOLDEN.pharmacy,
            taxStatus: {
              taxpayerId: GOLDEN.pharmacy,
              registeredOn: '2017-09-12',
              creditRating: 'A',
              taxOffice: PUTUO,
              status: 'NORMAL',
              arrears: 0,
              lastFiledPeriod: '2026-10',
              inGoodStanding: true,
            },
          },
          {
            uscc: GOLDEN.supermarket,
            taxStatus: {
              taxpayerId: GOLDEN.supermarket,
              registeredOn: '2012-06-28',
              creditRating: 'B',
              taxOffice: PUTUO,
              status: 'NORMAL',
              arrears: 1280.5,
              lastFiledPeriod: '2026-09',
              inGoodStanding: false,
            },
          },
        ],
      },
    });
    expect(subgraph.adapter.operations.taxStatusByUscc.stats).toEqual({
      calls: 1,
      keys: 3,
      cacheHits: 0,
      staleServes: 0,
    });
  });

  it('answers taxStatus null for a company the bureau has not registered', async () => {
    expect(await entities([UNKNOWN])).toEqual({ data: { _entities: [{ uscc: UNKNOWN, taxStatus: null }] } });
  });

  it('nulls only taxStatus with INVALID_CREDIT_CODE for a malformed code, without a query', async () => {
    expect(await entities(['91310107MA1FL3K2XA', GOLDEN.restaurant])).toMatchObject({
      data: {
        _entities: [
          { uscc: '91310107MA1FL3K2XA', taxStatus: null },
          { uscc: GOLDEN.restaurant, taxStatus: { creditRating: 'A' } },
        ],
      },
      errors: [
        {
          path: ['_entities', 0, 'taxStatus'],
          extensions: { code: 'INVALID_CREDIT_CODE', department: 'tax' },
        },
      ],
    });
    expect(subgraph.adapter.operations.taxStatusByUscc.stats.keys).toBe(1);
  });

  it('nulls only taxStatus with DEPARTMENT_TIMEOUT while the bureau database is locked', async () => {
    mock.controller.set({ hang: true });
    expect(await entities([GOLDEN.pharmacy])).toEqual({
      data: { _entities: [{ uscc: GOLDEN.pharmacy, taxStatus: null }] },
      errors: [
        {
          message: "tax: The department's legacy system did not answer within the timeout.",
          locations: [{ line: 6, column: 9 }],
          path: ['_entities', 0, 'taxStatus'],
          extensions: { code: 'DEPARTMENT_TIMEOUT', department: 'tax' },
        },
      ],
    });
  });
});
