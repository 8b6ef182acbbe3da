import { unitContext, unitTrust } from '../kit/test-support';
import type { ApolloServer } from '@apollo/server';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startPublicSecurityMock } from '../../mocks/public-security/server';
import type { SubgraphContext } from '../kit/context';
import { buildApollo, type SubgraphDefinition } from '../kit/subgraph';
import { buildPublicSecuritySubgraph } from './server';

let mock: MockHandle;
let def: SubgraphDefinition;
let apollo: ApolloServer<SubgraphContext>;

beforeAll(async () => {
  mock = await startPublicSecurityMock({
    world: loadWorld({ people: 50 }),
    port: 0,
    adminPort: 0,
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(async () => {
  mock.controller.clear();
  mock.controller.resetCounts();
  // A fresh subgraph (and cache) per test, so request counts are this test's alone.
  def = buildPublicSecuritySubgraph({ url: mock.url });
  apollo = buildApollo(def, unitTrust());
  await apollo.start();
});
afterEach(async () => {
  await apollo.stop();
  await def.close?.();
});

async function run(query: string, variables: Record<string, unknown> = {}) {
  const res = await apollo.executeOperation({ query, variables }, { contextValue: unitContext('counter') });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return { data: res.body.singleResult.data, errors: res.body.singleResult.errors };
}

const PERSON = /* GraphQL */ `
  query Person($id: ID!) {
    person(id: $id) {
      id
      name
      nameLatin
      documentType
      documentNumber
      nationality
      sex
      birthDate
      householdAddress
    }
  }
`;

describe('public-security subgraph: person(id)', () => {
  it.each([
    [
      GOLDEN.zhangWei,
      '张伟',
      'ZHANG WEI',
      'RESIDENT_ID_CARD',
      GOLDEN.zhangWei,
      'CHN',
      'MALE',
      '1990-03-07',
      '上海市普陀区长寿路588弄12号602室',
    ],
    [
      GOLDEN.liNa,
      '李娜',
      'LI NA',
      'RESIDENT_ID_CARD',
      GOLDEN.liNa,
      'CHN',
      'FEMALE',
      '1985-11-22',
      '上海市普陀区长寿路588弄12号602室',
    ],
    [
      GOLDEN.chanKaMing,
      '陳家明',
      'CHAN KA MING',
      'HK_MACAO_RESIDENCE_PERMIT',
      GOLDEN.chanKaMing,
      'HKG',
      'MALE',
      '1995-05-15',
      null,
    ],
    [
      GOLDEN.zhangXiaoyu,
      '张晓玥',
      'ZHANG XIAOYUE',
      'RESIDENT_ID_CARD',
      GOLDEN.zhangXiaoyu,
      'CHN',
      'FEMALE',
      '2023-08-15',
      '上海市普陀区长寿路588弄12号602室',
    ],
    [
      GOLDEN.wangQiang,
      '王强',
      'WANG QIANG',
      'RESIDENT_ID_CARD',
      GOLDEN.wangQiang,
      'CHN',
      'MALE',
      '1978-02-03',
      '上海市普陀区真北路1108弄3号201室',
    ],
    [
      GOLDEN.foreigner,
      'WHITFIELD JAMES',
      'WHITFIELD JAMES',
      'PASSPORT',
      '533401827',
      'GBR',
      'MALE',
      '1982-11-03',
      null,
    ],
    [
      GOLDEN.zhouYan,
      '周𠮷䶮',
      'ZHOU JIYAN',
      'RESIDENT_ID_CARD',
      GOLDEN.zhouYan,
      'CHN',
      'FEMALE',
      '1999-12-31',
      '上海市普陀区武宁路𠮷祥里9号',
    ],
  ])(
    'resolves golden person %s (%s)',
    async (
      id,
      name,
      nameLatin,
      documentType,
      documentNumber,
      nationality,
      sex,
      birthDate,
      householdAddress,
    ) => {
      expect(await run(PERSON, { id })).toEqual({
        data: {
          person: {
            id,
            name,
            nameLatin,
            documentType,
            documentNumber,
            nationality,
            sex,
            birthDate,
            householdAddress,
          },
        },
        errors: undefined,
      });
      expect(mock.controller.stats().requests).toBe(1);
    },
  );

  it('resolves Zhang Xiaoyu with her parents, and them with her, in one call per level', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!) {
        person(id: $id) {
          name
          parents {
            id
            name
            sex
            children {
              name
            }
          }
          children {
            id
          }
        }
      }
    `;
    expect(await run(query, { id: GOLDEN.zhangXiaoyu })).toEqual({
      data: {
        person: {
          name: '张晓玥',
          parents: [
            { id: GOLDEN.zhangWei, name: '张伟', sex: 'MALE', children: [{ name: '张晓玥' }] },
            { id: GOLDEN.liNa, name: '李娜', sex: 'FEMALE', children: [{ name: '张晓玥' }] },
          ],
          children: [],
        },
      },
      errors: undefined,
    });
    // The child, then both parents together; the grandchild level is the child again, already loaded.
    expect(mock.controller.stats().byOperation).toEqual({ QueryPersonBatch: 2 });
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 3 });
  });

  it('answers an invalid id with INVALID_IDENTITY_NUMBER and asks the registry nothing', async () => {
    expect(await run(PERSON, { id: '310107199003070018' })).toEqual({
      data: { person: null },
      errors: [
        {
          message: '"310107199003070018" is not a valid identity number: check digit is 8, expected 7',
          locations: [{ line: 3, column: 5 }],
          path: ['person'],
          extensions: { code: 'INVALID_IDENTITY_NUMBER', department: 'public-security' },
        },
      ],
    });
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('answers null for a valid id the registry does not hold', async () => {
    expect(await run(PERSON, { id: '110101199001010015' })).toEqual({
      data: { person: null },
      errors: undefined,
    });
    expect(mock.controller.stats().requests).toBe(1);
  });

  it('keeps the person, by identity number, with only the registry fields null when the registry faults', async () => {
    mock.controller.set({ maintenanceRetryAfter: 300 });
    const res = await run(PERSON, { id: GOLDEN.zhangWei });
    expect(res.data).toEqual({
      person: {
        id: GOLDEN.zhangWei,
        name: null,
        nameLatin: null,
        documentType: null,
        documentNumber: null,
        nationality: null,
        sex: null,
        birthDate: null,
        householdAddress: null,
      },
    });
    const fault = { code: 'IN_MAINTENANCE', department: 'public-security', retryAfter: 300 };
    expect(res.errors?.map((e) => [e.path, e.extensions])).toEqual(
      [
        'name',
        'nameLatin',
        'documentType',
        'documentNumber',
        'nationality',
        'sex',
        'birthDate',
        'householdAddress',
      ].map((f) => [['person', f], fault]),
    );
  });

  it('serves a second read of the same person from the cache', async () => {
    await run(PERSON, { id: GOLDEN.wangQiang });
    await run(PERSON, { id: GOLDEN.wangQiang });
    expect(mock.controller.stats().requests).toBe(1);
  });
});

describe('public-security subgraph: _entities', () => {
  it('resolves 3 representations with 1 legacy request', async () => {
    const query = /* GraphQL */ `
      query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Person {
            id
            name
            documentType
            nationality
          }
        }
      }
    `;
    const representations = [GOLDEN.zhangWei, GOLDEN.chanKaMing, GOLDEN.foreigner].map((id) => ({
      __typename: 'Person',
      id,
    }));
    expect(await run(query, { representations })).toEqual({
      data: {
        _entities: [
          { id: GOLDEN.zhangWei, name: '张伟', documentType: 'RESIDENT_ID_CARD', nationality: 'CHN' },
          {
            id: GOLDEN.chanKaMing,
            name: '陳家明',
            documentType: 'HK_MACAO_RESIDENCE_PERMIT',
            nationality: 'HKG',
          },
          { id: GOLDEN.foreigner, name: 'WHITFIELD JAMES', documentType: 'PASSPORT', nationality: 'GBR' },
        ],
      },
      errors: undefined,
    });
    expect(mock.controller.stats().byOperation).toEqual({ QueryPersonBatch: 1 });
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 3 });
  });

  it('answers null for an unknown representation and an error for an invalid one', async () => {
    const query = /* GraphQL */ `
      query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Person {
            name
          }
        }
      }
    `;
    const representations = ['110101199001010015', 'not-an-id', GOLDEN.liNa].map((id) => ({
      __typename: 'Person',
      id,
    }));
    const res = await run(query, { representations });
    expect(res.data).toEqual({ _entities: [null, null, { name: '李娜' }] });
    expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 1], 'INVALID_IDENTITY_NUMBER'],
    ]);
    expect(mock.controller.stats().keysByOperation).toEqual({ QueryPersonBatch: 2 });
  });
});
