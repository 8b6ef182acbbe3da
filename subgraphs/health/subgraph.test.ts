import { unitContext, unitTrust } from '../kit/test-support';
import type { ApolloServer } from '@apollo/server';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHealthMock } from '../../mocks/health/server';
import type { SubgraphContext } from '../kit/context';
import { buildApollo, type SubgraphDefinition } from '../kit/subgraph';
import { buildHealthSubgraph } from './server';

const PEOPLE = /* GraphQL */ `
  query People($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person {
        id
        birthMedicalCertificate {
          number
          hospital
          bornAt
          weightGrams
          mother {
            id
          }
          father {
            id
          }
          certificate {
            id
          }
        }
        healthCertificates {
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
  }
`;

const COMPANIES = /* GraphQL */ `
  query Companies($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Company {
        uscc
        publicPlaceHealthPermits {
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
  }
`;

const person = (id: string) => ({ __typename: 'Person', id });
const company = (uscc: string) => ({ __typename: 'Company', uscc });

describe('health subgraph', () => {
  let mock: MockHandle;
  let def: SubgraphDefinition;
  let apollo: ApolloServer<SubgraphContext>;

  const run = async (query: string, representations: unknown[]) => {
    const res = await apollo.executeOperation(
      { query, variables: { representations } },
      { contextValue: unitContext('counter') },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return JSON.parse(JSON.stringify(res.body.singleResult)) as Record<string, unknown>;
  };

  beforeAll(async () => {
    mock = await startHealthMock({
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
    // A new subgraph per test: its in-process cache starts empty, so the request counts are exact.
    def = buildHealthSubgraph({ url: mock.url });
    apollo = buildApollo(def, unitTrust());
    await apollo.start();
  });
  afterEach(async () => {
    await apollo.stop();
    await def.close?.();
  });

  it("resolves Zhang Xiaoyu's birth medical certificate with her parents and library certificate", async () => {
    expect(await run(PEOPLE, [person(GOLDEN.zhangXiaoyu)])).toEqual({
      data: {
        _entities: [
          {
            id: '310107202308150047',
            birthMedicalCertificate: {
              number: 'Q310512347',
              hospital: '上海市普陀区妇婴保健院',
              bornAt: '2023-08-15T06:42:00+08:00',
              weightGrams: 3350,
              mother: { id: '310107198511220021' },
              father: { id: '310107199003070017' },
              certificate: { id: 'HL-BMC-Q310512347' },
            },
            healthCertificates: [],
          },
        ],
      },
    });
  });

  it("resolves Zhang Wei's health certificate", async () => {
    expect(await run(PEOPLE, [person(GOLDEN.zhangWei)])).toEqual({
      data: {
        _entities: [
          {
            id: '310107199003070017',
            birthMedicalCertificate: null,
            healthCertificates: [
              {
                number: '普卫健(2026)000173',
                validFrom: '2026-03-01',
                validUntil: '2027-02-28',
                status: 'VALID',
                certificate: { id: 'HL-HC-2026-000173' },
              },
            ],
          },
        ],
      },
    });
  });

  it("shows the restaurant's permit EXPIRED and the pharmacy's VALID", async () => {
    expect(await run(COMPANIES, [company(GOLDEN.restaurant), company(GOLDEN.pharmacy)])).toEqual({
      data: {
        _entities: [
          {
            uscc: '91310107MA1FL3K2XE',
            publicPlaceHealthPermits: [
              {
                number: '沪普卫公字(2022)第0412号',
                validFrom: '2022-07-01',
                validUntil: '2026-06-30',
                status: 'EXPIRED',
                certificate: { id: 'HL-PPH-2023-0107-0412' },
              },
            ],
          },
          {
            uscc: '91310107MA1G5X7P50',
            publicPlaceHealthPermits: [
              {
                number: '沪普卫公字(2024)第0088号',
                validFrom: '2024-05-01',
                validUntil: '2028-04-30',
                status: 'VALID',
                certificate: { id: 'HL-PPH-2024-0107-0088' },
              },
            ],
          },
        ],
      },
    });
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1 });
  });

  it('asks the FHIR server once for three persons and both of their fields', async () => {
    const result = await run(PEOPLE, [
      person(GOLDEN.zhangWei),
      person(GOLDEN.liNa),
      person(GOLDEN.zhangXiaoyu),
    ]);
    const entities = (result.data as { _entities: { id: string; healthCertificates: unknown[] }[] })
      ._entities;
    expect(entities.map((e) => [e.id, e.healthCertificates.length])).toEqual([
      ['310107199003070017', 1],
      ['310107198511220021', 0],
      ['310107202308150047', 0],
    ]);
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1 });
    expect(mock.controller.stats().keysByOperation).toEqual({ 'DocumentReference.search': 3 });
  });

  it('answers an invalid id with INVALID_IDENTITY_NUMBER and no legacy call, resolving the valid one', async () => {
    const result = await run(
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on Person {
              id
              birthMedicalCertificate {
                number
              }
            }
          }
        }
      `,
      [person('310107202308150048'), person(GOLDEN.zhangXiaoyu)],
    );
    expect(result).toEqual({
      errors: [
        {
          message: '"310107202308150048" is not a valid identity number: check digit is 8, expected 7',
          locations: [{ line: 3, column: 11 }],
          path: ['_entities', 0],
          extensions: { code: 'INVALID_IDENTITY_NUMBER', department: 'health' },
        },
      ],
      data: {
        _entities: [null, { id: '310107202308150047', birthMedicalCertificate: { number: 'Q310512347' } }],
      },
    });
    expect(mock.controller.stats().keysByOperation).toEqual({ 'DocumentReference.search': 1 });
  });

  it('answers an invalid credit code with INVALID_CREDIT_CODE', async () => {
    const result = await run(COMPANIES, [company('91310107MA1FL3K2XA')]);
    expect((result.errors as { extensions: unknown }[]).map((e) => e.extensions)).toEqual([
      { code: 'INVALID_CREDIT_CODE', department: 'health' },
    ]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('nulls only the health fields when the FHIR server fails, with the error code and department', async () => {
    mock.controller.set({ maintenanceRetryAfter: 600 });
    const result = await run(COMPANIES, [company(GOLDEN.pharmacy)]);
    expect(result).toEqual({
      errors: [
        {
          message:
            'health: The legacy system is in its maintenance window; `retryAfter` says when it expects to be back.',
          locations: [{ line: 6, column: 9 }],
          path: ['_entities', 0, 'publicPlaceHealthPermits'],
          extensions: { code: 'IN_MAINTENANCE', department: 'health', retryAfter: 600 },
        },
      ],
      data: { _entities: [{ uscc: '91310107MA1G5X7P50', publicPlaceHealthPermits: null }] },
    });
  });
});
