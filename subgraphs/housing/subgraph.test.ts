import { unitContext, unitTrust } from '../kit/test-support';
import type { ApolloServer } from '@apollo/server';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { startHousingMock } from '../../mocks/housing/server';
import type { MockHandle } from '../../mocks/kit/mock-server';
import type { SubgraphContext } from '../kit/context';
import { buildApollo, type SubgraphDefinition } from '../kit/subgraph';
import { buildHousingSubgraph } from './server';

const PROPERTY_FIELDS = /* GraphQL */ `
  certificateNumber
  unitNumber
  address
  floorAreaM2
  usage
  registeredOn
  mortgaged
  owners {
    sharePercent
    person {
      id
    }
    company {
      uscc
    }
  }
  certificate {
    id
  }
`;

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person {
        id
        properties { ${PROPERTY_FIELDS} }
      }
      ... on Company {
        uscc
        properties { ${PROPERTY_FIELDS} }
      }
    }
  }
`;

const zhangWeiFlat = {
  certificateNumber: '沪(2019)普字不动产权第012345号',
  unitNumber: 'PT-0588-12-0602',
  address: '上海市普陀区长寿路588弄12号602室',
  floorAreaM2: 89.46,
  usage: 'RESIDENTIAL',
  registeredOn: '2019-07-02',
  mortgaged: true,
  owners: [
    { sharePercent: 50, person: { id: GOLDEN.zhangWei }, company: null },
    { sharePercent: 50, person: { id: GOLDEN.liNa }, company: null },
  ],
  certificate: { id: 'HS-RE-2019-012345' },
};

const restaurantUnit = {
  certificateNumber: '沪(2020)普字不动产权第007730号',
  unitNumber: 'PT-1040-00-0101',
  address: '上海市普陀区曹杨路1040号1层',
  floorAreaM2: 142.3,
  usage: 'COMMERCIAL',
  registeredOn: '2020-03-12',
  mortgaged: false,
  owners: [{ sharePercent: 100, person: null, company: { uscc: GOLDEN.restaurant } }],
  certificate: { id: 'HS-RE-2020-007730' },
};

const wangQiangFlat = {
  certificateNumber: '沪(2012)普字不动产权第004821号',
  unitNumber: 'PT-1108-03-0201',
  address: '上海市普陀区真北路1108弄3号201室',
  floorAreaM2: 76.05,
  usage: 'RESIDENTIAL',
  registeredOn: '2012-11-30',
  mortgaged: false,
  owners: [{ sharePercent: 100, person: { id: GOLDEN.wangQiang }, company: null }],
  certificate: { id: 'HS-RE-2012-004821' },
};

describe('housing subgraph', () => {
  let mock: MockHandle;
  let def: SubgraphDefinition;
  let apollo: ApolloServer<SubgraphContext>;

  const run = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await apollo.executeOperation({ query, variables }, { contextValue: unitContext('counter') });
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  };
  const entities = (representations: unknown[]) => run(ENTITIES, { representations });

  beforeAll(async () => {
    mock = await startHousingMock({ world: loadWorld({ people: 50 }), baseLatencyMs: 0 });
  });
  afterAll(() => mock.close());
  // A new subgraph per test: its cache would otherwise answer what an earlier test asked, hiding the requests counted here.
  beforeEach(async () => {
    mock.controller.clear();
    mock.controller.resetCounts();
    def = buildHousingSubgraph({ url: mock.url });
    apollo = buildApollo(def, unitTrust());
    await apollo.start();
  });
  afterEach(async () => {
    await apollo.stop();
    await def.close?.();
  });

  it("gives Zhang Wei's flat, co-owned 50/50 with Li Na and mortgaged", async () => {
    expect(await entities([{ __typename: 'Person', id: GOLDEN.zhangWei }])).toEqual({
      data: { _entities: [{ id: GOLDEN.zhangWei, properties: [zhangWeiFlat] }] },
    });
  });

  it("gives the restaurant's commercial unit", async () => {
    expect(await entities([{ __typename: 'Company', uscc: GOLDEN.restaurant }])).toEqual({
      data: { _entities: [{ uscc: GOLDEN.restaurant, properties: [restaurantUnit] }] },
    });
  });

  it('asks the register once for three persons', async () => {
    const result = await entities([
      { __typename: 'Person', id: GOLDEN.zhangWei },
      { __typename: 'Person', id: GOLDEN.wangQiang },
      { __typename: 'Person', id: GOLDEN.chanKaMing },
    ]);
    expect(result).toEqual({
      data: {
        _entities: [
          { id: GOLDEN.zhangWei, properties: [zhangWeiFlat] },
          { id: GOLDEN.wangQiang, properties: [wangQiangFlat] },
          { id: GOLDEN.chanKaMing, properties: [] },
        ],
      },
    });
    expect(mock.controller.stats()).toMatchObject({
      requests: 1,
      byOperation: { QOWN: 1 },
      keysByOperation: { QOWN: 3 },
    });
  });

  it('refuses an invalid identity number on its field without asking the register', async () => {
    const result = await entities([
      { __typename: 'Person', id: '310107199003070018' },
      { __typename: 'Person', id: GOLDEN.wangQiang },
    ]);
    expect(result.data).toEqual({
      _entities: [
        { id: '310107199003070018', properties: null },
        { id: GOLDEN.wangQiang, properties: [wangQiangFlat] },
      ],
    });
    expect(result.errors?.map((e) => [e.path, e.extensions])).toEqual([
      [['_entities', 0, 'properties'], { code: 'INVALID_IDENTITY_NUMBER', department: 'housing' }],
    ]);
    expect(mock.controller.stats().keysByOperation).toEqual({ QOWN: 1 });
  });

  it('nulls only the properties field when the register is in maintenance, with code and retryAfter', async () => {
    mock.controller.set({ maintenanceRetryAfter: 600 });
    const result = await entities([{ __typename: 'Person', id: GOLDEN.liNa }]);
    expect(result.data).toEqual({ _entities: [{ id: GOLDEN.liNa, properties: null }] });
    expect(result.errors?.map((e) => e.extensions)).toEqual([
      { code: 'IN_MAINTENANCE', department: 'housing', retryAfter: 600 },
    ]);
  });

  it('finds a property by its certificate number, null for an unknown one', async () => {
    const query = /* GraphQL */ `
      query ($n: String!, $m: String!) {
        found: propertyByCertificateNumber(certificateNumber: $n) { ${PROPERTY_FIELDS} }
        missing: propertyByCertificateNumber(certificateNumber: $m) { address }
      }
    `;
    expect(
      await run(query, { n: '沪(2020)普字不动产权第007730号', m: '沪(2020)普字不动产权第999999号' }),
    ).toEqual({
      data: { found: restaurantUnit, missing: null },
    });
    expect(mock.controller.stats()).toMatchObject({ requests: 1, keysByOperation: { QCRT: 2 } });
  });
});
