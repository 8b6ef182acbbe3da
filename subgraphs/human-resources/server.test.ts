import { unitContext, unitTrust } from '../kit/test-support';
import type { ApolloServer } from '@apollo/server';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHumanResourcesMock } from '../../mocks/human-resources/server';
import type { SubgraphContext } from '../kit/context';
import { buildApollo, type SubgraphDefinition } from '../kit/subgraph';
import { buildHumanResourcesSubgraph } from './server';

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person {
        id
        socialSecurity {
          cardNumber
          status
          employerName
          employer {
            uscc
          }
          since
          contributionMonths
          lastContributionMonth
          monthlyBase
        }
      }
    }
  }
`;
const person = (id: string) => ({ __typename: 'Person', id });

describe('human-resources subgraph', () => {
  let mock: MockHandle;
  let def: SubgraphDefinition;
  let apollo: ApolloServer<SubgraphContext>;

  async function entities(ids: string[]) {
    const res = await apollo.executeOperation(
      { query: ENTITIES, variables: { representations: ids.map(person) } },
      { contextValue: unitContext('counter') },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  }

  beforeAll(async () => {
    mock = await startHumanResourcesMock({
      world: loadWorld({ people: 50 }),
      baseLatencyMs: 0,
      clock: () => new Date('2026-11-26T12:00:00+08:00'),
    });
  });
  afterAll(() => mock.close());
  // A fresh subgraph (and so a fresh cache) per test: every test sees the legacy calls it causes.
  beforeEach(async () => {
    mock.controller.clear();
    mock.controller.resetCounts();
    def = buildHumanResourcesSubgraph({ url: mock.url });
    apollo = buildApollo(def, unitTrust());
    await apollo.start();
  });
  afterEach(async () => {
    await apollo.stop();
    await def.close?.();
  });

  it("resolves Zhang Wei's social security exactly", async () => {
    expect(await entities([GOLDEN.zhangWei])).toEqual({
      data: {
        _entities: [
          {
            id: '310107199003070017',
            socialSecurity: {
              cardNumber: 'SH0017350017',
              status: 'CONTRIBUTING',
              employerName: '上海普陀张记餐饮有限公司',
              employer: { uscc: '91310107MA1FL3K2XE' },
              since: '2019-05-01',
              contributionMonths: 91,
              lastContributionMonth: '2026-10',
              monthlyBase: 15000,
            },
          },
        ],
      },
    });
  });

  it('resolves Zhang Xiaoyu, a child with no record, to null without an error', async () => {
    expect(await entities([GOLDEN.zhangXiaoyu])).toEqual({
      data: { _entities: [{ id: '310107202308150047', socialSecurity: null }] },
    });
  });

  it('asks the legacy system once for three persons', async () => {
    const result = await entities([GOLDEN.zhangWei, GOLDEN.foreigner, GOLDEN.zhangXiaoyu]);
    expect(result.errors).toBeUndefined();
    expect(
      (result.data?._entities as { socialSecurity: { employer: { uscc: string } } | null }[]).map(
        (e) => e.socialSecurity?.employer.uscc ?? null,
      ),
    ).toEqual(['91310107MA1FL3K2XE', '91310107MA1H2R8N79', null]);
    expect(mock.controller.stats()).toMatchObject({
      requests: 1,
      byOperation: { 'ss-query': 1 },
      keysByOperation: { 'ss-query': 3 },
    });
  });

  it('answers INVALID_IDENTITY_NUMBER for a bad id without asking the legacy system', async () => {
    expect(await entities(['310107199003070018'])).toEqual({
      data: { _entities: [{ id: '310107199003070018', socialSecurity: null }] },
      errors: [
        {
          message: '"310107199003070018" is not a valid identity number: check digit is 8, expected 7',
          locations: [{ line: 6, column: 9 }],
          path: ['_entities', 0, 'socialSecurity'],
          extensions: { code: 'INVALID_IDENTITY_NUMBER', department: 'human-resources' },
        },
      ],
    });
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('nulls only socialSecurity and says IN_MAINTENANCE with retryAfter when the system is in maintenance', async () => {
    mock.controller.set({ maintenanceRetryAfter: 600 });
    expect(await entities([GOLDEN.zhangWei])).toEqual({
      data: { _entities: [{ id: '310107199003070017', socialSecurity: null }] },
      errors: [
        {
          message:
            'human-resources: The legacy system is in its maintenance window; `retryAfter` says when it expects to be back.',
          locations: [{ line: 6, column: 9 }],
          path: ['_entities', 0, 'socialSecurity'],
          extensions: { code: 'IN_MAINTENANCE', department: 'human-resources', retryAfter: 600 },
        },
      ],
    });
  });
});
