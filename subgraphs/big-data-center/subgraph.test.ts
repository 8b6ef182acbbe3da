import { unitContext, unitTrust } from '../kit/test-support';
import type { ApolloServer } from '@apollo/server';
import { MemoryCache } from '../../adapters/kit/cache';
import { bulkPersonId, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import type { SubgraphContext } from '../kit/context';
import { buildApollo, type SubgraphDefinition } from '../kit/subgraph';
import { buildBigDataCenterSubgraph } from './server';

let mock: MockHandle;
let def: SubgraphDefinition;
let apollo: ApolloServer<SubgraphContext>;

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
// A fresh subgraph (and cache) per test, so every test sees its own legacy requests.
beforeEach(async () => {
  mock.controller.clear();
  mock.controller.resetCounts();
  def = buildBigDataCenterSubgraph({ url: mock.url, cache: new MemoryCache() });
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
  const { data, errors } = res.body.singleResult;
  return errors ? { data, errors } : { data };
}

const PERSON_CERTIFICATES = /* GraphQL */ `
  query ($reps: [_Any!]!, $status: CertificateStatus) {
    _entities(representations: $reps) {
      ... on Person {
        id
        certificates(status: $status) {
          id
          issuer {
            code
          }
        }
      }
    }
  }
`;

describe('big-data-center subgraph', () => {
  it('resolves certificate(id) exactly, holder and issuer included', async () => {
    const result = await run(/* GraphQL */ `
      {
        certificate(id: "MS-BL-91310107MA1FL3K2XE") {
          id
          type
          title
          number
          issuer {
            code
          }
          holder {
            __typename
            ... on Company {
              uscc
            }
          }
          status
          validFrom
          validUntil
        }
      }
    `);
    expect(result).toEqual({
      data: {
        certificate: {
          id: 'MS-BL-91310107MA1FL3K2XE',
          type: 'BUSINESS_LICENCE',
          title: '营业执照',
          number: '91310107MA1FL3K2XE',
          issuer: { code: 'market-supervision' },
          holder: { __typename: 'Company', uscc: '91310107MA1FL3K2XE' },
          status: 'VALID',
          validFrom: '2019-04-18',
          validUntil: null,
        },
      },
    });
  });

  it('resolves a person holder and a base64 issuer signature', async () => {
    const result = await run(
      `{ certificate(id: "HL-BMC-Q310512347") { holder { __typename ... on Person { id } } issuerSignature } }`,
    );
    const cert = (result.data as { certificate: { holder: unknown; issuerSignature: string } }).certificate;
    expect(cert.holder).toEqual({ __typename: 'Person', id: GOLDEN.zhangXiaoyu });
    expect(cert.issuerSignature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
  });

  it('answers null for a certificate the library does not hold', async () => {
    expect(await run(`{ certificate(id: "PS-ID-000000000000000000") { id } }`)).toEqual({
      data: { certificate: null },
    });
  });

  it('refuses a malformed certificate id with INVALID_ARGUMENT and no legacy request', async () => {
    const result = await run(`{ certificate(id: "not an id") { id } }`);
    expect(result.data).toEqual({ certificate: null });
    expect(result.errors?.map((e) => e.extensions)).toEqual([
      { code: 'INVALID_ARGUMENT', department: 'big-data-center' },
    ]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it("gives Zhang Wei's 6 certificates from 5 distinct issuing departments through _entities", async () => {
    const result = await run(PERSON_CERTIFICATES, { reps: [{ __typename: 'Person', id: GOLDEN.zhangWei }] });
    expect(result).toEqual({
      data: {
        _entities: [
          {
            id: GOLDEN.zhangWei,
            certificates: [
              { id: 'PS-ID-310107199003070017', issuer: { code: 'public-security' } },
              { id: 'PS-HH-310107199003070017', issuer: { code: 'public-security' } },
              { id: 'HL-HC-2026-000173', issuer: { code: 'health' } },
              { id: 'HS-RE-2019-012345', issuer: { code: 'housing' } },
              { id: 'TX-IIT-2025-310107199003070017', issuer: { code: 'tax' } },
              { id: 'HR-SSC-310107199003070017', issuer: { code: 'human-resources' } },
            ],
          },
        ],
      },
    });
  });

  it('filters a holder by status', async () => {
    const result = await run(PERSON_CERTIFICATES, {
      reps: [{ __typename: 'Person', id: GOLDEN.liNa }],
      status: 'EXPIRED',
    });
    expect(result).toEqual({
      data: {
        _entities: [
          {
            id: GOLDEN.liNa,
            certificates: [{ id: 'HR-SSC-310107198511220021', issuer: { code: 'human-resources' } }],
          },
        ],
      },
    });
  });

  it('asks the library once for 3 persons', async () => {
    const reps = [GOLDEN.zhangWei, GOLDEN.liNa, bulkPersonId(0)].map((id) => ({ __typename: 'Person', id }));
    const result = await run(PERSON_CERTIFICATES, { reps });
    const counts = (result.data as { _entities: { certificates: unknown[] }[] })._entities.map(
      (p) => p.certificates.length,
    );
    expect(counts).toEqual([6, 5, 20]);
    expect(mock.controller.stats()).toMatchObject({
      requests: 1,
      byOperation: { 'certificates:searchByHolders': 1 },
      keysByOperation: { 'certificates:searchByHolders': 3 },
    });
  });

  it("lists a company's valid permits of one type", async () => {
    const result = await run(
      /* GraphQL */ `
        query ($reps: [_Any!]!) {
          _entities(representations: $reps) {
            ... on Company {
              uscc
              certificates(status: VALID, type: "FOOD_BUSINESS_PERMIT") {
                number
                validUntil
              }
            }
          }
        }
      `,
      { reps: [{ __typename: 'Company', uscc: GOLDEN.supermarket }] },
    );
    expect(result).toEqual({
      data: {
        _entities: [
          {
            uscc: GOLDEN.supermarket,
            certificates: [{ number: 'JY13101070119911', validUntil: '2031-10-19' }],
          },
        ],
      },
    });
  });

  it('resolves Certificate references in one batchGet', async () => {
    const result = await run(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Certificate { id status } } }`,
      {
        reps: ['HL-PPH-2023-0107-0412', 'MS-FBP-JY23101070012345', 'TX-XX-404'].map((id) => ({
          __typename: 'Certificate',
          id,
        })),
      },
    );
    expect(result).toEqual({
      data: {
        _entities: [
          { id: 'HL-PPH-2023-0107-0412', status: 'EXPIRED' },
          { id: 'MS-FBP-JY23101070012345', status: 'VALID' },
          null,
        ],
      },
    });
    expect(mock.controller.stats().keysByOperation).toEqual({ 'certificates:batchGet': 3 });
  });

  it('nulls only the certificates of an invalid identity number, with its code', async () => {
    const result = await run(PERSON_CERTIFICATES, {
      reps: [
        { __typename: 'Person', id: GOLDEN.zhangWei },
        { __typename: 'Person', id: '310107199003070018' },
      ],
    });
    expect(
      (result.data as { _entities: { certificates: unknown[] | null }[] })._entities.map(
        (p) => p.certificates?.length ?? null,
      ),
    ).toEqual([6, null]);
    expect(result.errors?.map((e) => [e.path, e.extensions])).toEqual([
      [['_entities', 1, 'certificates'], { code: 'INVALID_IDENTITY_NUMBER', department: 'big-data-center' }],
    ]);
  });

  it('nulls the certificates and says why when the library is in maintenance', async () => {
    mock.controller.set({ maintenanceRetryAfter: 120 });
    const result = await run(PERSON_CERTIFICATES, { reps: [{ __typename: 'Person', id: GOLDEN.zhangWei }] });
    expect(result.data).toEqual({ _entities: [{ id: GOLDEN.zhangWei, certificates: null }] });
    expect(result.errors?.map((e) => e.extensions)).toEqual([
      { code: 'IN_MAINTENANCE', department: 'big-data-center', retryAfter: 120 },
    ]);
  });
});
