import { unitContext, unitTrust } from '../kit/test-support';
import type { ApolloServer } from '@apollo/server';
import { bulkCompanyUscc, bulkPersonId, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startMarketSupervisionMock } from '../../mocks/market-supervision/server';
import type { SubgraphContext } from '../kit/context';
import { buildApollo, type SubgraphDefinition } from '../kit/subgraph';
import { buildMarketSupervisionSubgraph } from './server';

let mock: MockHandle;
let def: SubgraphDefinition;
let apollo: ApolloServer<SubgraphContext>;

beforeAll(async () => {
  mock = await startMarketSupervisionMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(async () => {
  mock.controller.clear();
  mock.controller.resetCounts();
  // A new subgraph (and so a new in-process cache) per test keeps the request counters exact.
  def = buildMarketSupervisionSubgraph({ url: mock.url, headersTimeoutMs: 400 });
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
  return res.body.singleResult;
}

const COMPANY = /* GraphQL */ `
  query ($uscc: ID!) {
    company(uscc: $uscc) {
      uscc
      name
      legalRepresentative {
        id
      }
      industry
      address
      establishedOn
      registeredCapital
      status
      businessScope
      licences {
        type
        title
        number
        validFrom
        validUntil
        status
        certificate {
          id
        }
      }
    }
  }
`;

describe('market-supervision subgraph: Query.company', () => {
  it('gives the restaurant with its legal representative and its two licences', async () => {
    expect(await run(COMPANY, { uscc: GOLDEN.restaurant })).toEqual({
      data: {
        company: {
          uscc: GOLDEN.restaurant,
          name: '上海普陀张记餐饮有限公司',
          legalRepresentative: { id: '310107199003070017' },
          industry: 'restaurant',
          address: '上海市普陀区曹杨路1040号1层',
          establishedOn: '2019-04-18',
          registeredCapital: 50,
          status: 'OPERATING',
          businessScope: '餐饮服务；食品销售',
          licences: [
            {
              type: 'BUSINESS_LICENCE',
              title: '营业执照',
              number: GOLDEN.restaurant,
              validFrom: '2019-04-18',
              validUntil: null,
              status: 'VALID',
              certificate: { id: `MS-BL-${GOLDEN.restaurant}` },
            },
            {
              type: 'FOOD_BUSINESS_PERMIT',
              title: '食品经营许可证',
              number: 'JY23101070012345',
              validFrom: '2022-04-01',
              validUntil: '2027-03-31',
              status: 'VALID',
              certificate: { id: 'MS-FBP-JY23101070012345' },
            },
          ],
        },
      },
    });
    expect(mock.controller.stats().byOperation).toEqual({ 'enterprises.byUscc': 1, 'licenses.byUscc': 1 });
  });

  it('gives the pharmacy its drug retail permit', async () => {
    const result = await run(`{ company(uscc: "${GOLDEN.pharmacy}") { name licences { type number } } }`);
    expect(result).toEqual({
      data: {
        company: {
          name: '上海普陀康宁大药房有限公司',
          licences: [
            { type: 'BUSINESS_LICENCE', number: GOLDEN.pharmacy },
            { type: 'DRUG_RETAIL_PERMIT', number: '沪DB3101070187' },
            { type: 'FOOD_BUSINESS_PERMIT', number: 'JY13101070056789' },
          ],
        },
      },
    });
  });

  it('answers null for a valid code the registry does not hold', async () => {
    expect(await run(`{ company(uscc: "${bulkCompanyUscc(999)}") { name } }`)).toEqual({
      data: { company: null },
    });
    expect(mock.controller.stats().requests).toBe(1);
  });

  it('refuses an invalid code with INVALID_CREDIT_CODE and asks the registry nothing', async () => {
    const result = await run(`{ company(uscc: "91310107MA1FL3K2XA") { name } }`);
    expect(result.data).toEqual({ company: null });
    expect(result.errors).toEqual([
      {
        message:
          '"91310107MA1FL3K2XA" is not a valid unified social credit code: check character is A, expected E',
        locations: [{ line: 1, column: 3 }],
        path: ['company'],
        extensions: { code: 'INVALID_CREDIT_CODE', department: 'market-supervision' },
      },
    ]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('nulls only the licences when the licence register rate limits us', async () => {
    // The company is then in the cache, so only the licence query meets the limit.
    await run(`{ company(uscc: "${GOLDEN.pharmacy}") { name } }`);
    mock.controller.set({ rateLimitPerSecond: 0 });
    const result = await run(`{ company(uscc: "${GOLDEN.pharmacy}") { name licences { type } } }`);
    expect(result.data).toEqual({ company: { name: '上海普陀康宁大药房有限公司', licences: null } });
    expect(result.errors?.map((e) => [e.path, e.extensions])).toEqual([
      [['company', 'licences'], { code: 'RATE_LIMITED', department: 'market-supervision', retryAfter: 1 }],
    ]);
  });
});

describe('market-supervision subgraph: entities', () => {
  it('resolves Company representations in one legacy request', async () => {
    const result = await run(
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Company {
              uscc
              name
              status
            }
          }
        }
      `,
      {
        reps: [
          { __typename: 'Company', uscc: GOLDEN.supermarket },
          { __typename: 'Company', uscc: GOLDEN.restaurant },
          { __typename: 'Company', uscc: bulkCompanyUscc(999) },
        ],
      },
    );
    expect(result).toEqual({
      data: {
        _entities: [
          { uscc: GOLDEN.supermarket, name: '上海普陀惠民超市有限公司', status: 'OPERATING' },
          { uscc: GOLDEN.restaurant, name: '上海普陀张记餐饮有限公司', status: 'OPERATING' },
          null,
        ],
      },
    });
    expect(mock.controller.stats().byOperation).toEqual({ 'enterprises.byUscc': 1 });
  });

  it("gives Zhang Wei's Person the restaurant", async () => {
    const result = await run(
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Person {
              id
              companies {
                uscc
                name
                legalRepresentative {
                  id
                }
              }
            }
          }
        }
      `,
      { reps: [{ __typename: 'Person', id: GOLDEN.zhangWei }] },
    );
    expect(result).toEqual({
      data: {
        _entities: [
          {
            id: GOLDEN.zhangWei,
            companies: [
              {
                uscc: GOLDEN.restaurant,
                name: '上海普陀张记餐饮有限公司',
                legalRepresentative: { id: GOLDEN.zhangWei },
              },
            ],
          },
        ],
      },
    });
  });

  it('gives the heavy bulk person 5 companies, and three people theirs, in 1 legacy request', async () => {
    const result = await run(
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Person {
              id
              companies {
                industry
              }
            }
          }
        }
      `,
      {
        reps: [
          { __typename: 'Person', id: bulkPersonId(0) },
          { __typename: 'Person', id: GOLDEN.liNa },
          { __typename: 'Person', id: GOLDEN.zhangXiaoyu },
        ],
      },
    );
    expect(result).toEqual({
      data: {
        _entities: [
          {
            id: bulkPersonId(0),
            companies: [
              { industry: 'restaurant' },
              { industry: 'pharmacy' },
              { industry: 'supermarket' },
              { industry: 'bakery' },
              { industry: 'convenience-store' },
            ],
          },
          { id: GOLDEN.liNa, companies: [{ industry: 'pharmacy' }] },
          { id: GOLDEN.zhangXiaoyu, companies: [] },
        ],
      },
    });
    const stats = mock.controller.stats();
    expect(stats.byOperation).toEqual({ 'enterprises.byLegalRep': 1 });
    expect(stats.keysByOperation).toEqual({ 'enterprises.byLegalRep': 3 });
  });

  it('reads the licences of all 5 companies of the heavy person in 1 legacy request', async () => {
    const result = await run(
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Person {
              companies {
                licences {
                  type
                }
              }
            }
          }
        }
      `,
      { reps: [{ __typename: 'Person', id: bulkPersonId(0) }] },
    );
    const companies = (result.data as { _entities: { companies: { licences: { type: string }[] }[] }[] })
      ._entities[0]!.companies;
    expect(companies.map((c) => c.licences.map((l) => l.type).join('+'))).toEqual([
      'BUSINESS_LICENCE+FOOD_BUSINESS_PERMIT',
      'BUSINESS_LICENCE+DRUG_RETAIL_PERMIT',
      'BUSINESS_LICENCE+FOOD_BUSINESS_PERMIT',
      'BUSINESS_LICENCE+FOOD_BUSINESS_PERMIT',
      'BUSINESS_LICENCE+FOOD_BUSINESS_PERMIT',
    ]);
    expect(mock.controller.stats().byOperation).toEqual({
      'enterprises.byLegalRep': 1,
      'licenses.byUscc': 1,
    });
  });

  it('answers an invalid Person id with INVALID_IDENTITY_NUMBER on companies and asks nothing', async () => {
    const result = await run(
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Person {
              id
              companies {
                uscc
              }
            }
          }
        }
      `,
      { reps: [{ __typename: 'Person', id: '310107199003070018' }] },
    );
    expect(result.data).toEqual({ _entities: [{ id: '310107199003070018', companies: null }] });
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['INVALID_IDENTITY_NUMBER']);
    expect(mock.controller.stats().requests).toBe(0);
  });
});
