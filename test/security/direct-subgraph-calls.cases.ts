import { request } from 'undici';
import { GOLDEN as G } from '../../mocks/data/golden';
import type { Actor } from '../../trust/actor';
import { DEMO_ISSUER } from '../../trust/auth/auth-config';
import { bodyHash, CONTEXT_HEADER, contextSigner } from '../../trust/context/signed-context';
import type { TrustContext } from '../../trust/context/trust-context';
import { generateContextSecret } from '../../trust/context/context-keys';
import type { Stack } from '../helpers/stack';
import { TEST_PURPOSE } from '../helpers/trust';

/**
 * One read of personal data per subgraph, as the gateway would send it, and what it answers with
 * the gateway's context; the second variables name someone else.
 */
const READS: Record<
  string,
  { query: string; variables: [Record<string, unknown>, Record<string, unknown>]; answer: unknown }
> = {
  'public-security': {
    query: 'query($id: ID!) { person(id: $id) { name householdAddress } }',
    variables: [{ id: G.zhangWei }, { id: G.liNa }],
    answer: { person: { name: '张伟', householdAddress: '上海市普陀区长寿路588弄12号602室' } },
  },
  'market-supervision': {
    query: 'query($u: ID!) { company(uscc: $u) { name address } }',
    variables: [{ u: G.restaurant }, { u: G.pharmacy }],
    answer: { company: { name: '上海普陀张记餐饮有限公司', address: '上海市普陀区曹杨路1040号1层' } },
  },
  health: {
    query:
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { healthCertificates { number } } } }',
    variables: [
      { r: [{ __typename: 'Person', id: G.zhangWei }] },
      { r: [{ __typename: 'Person', id: G.liNa }] },
    ],
    answer: { _entities: [{ healthCertificates: [{ number: '普卫健(2026)000173' }] }] },
  },
  housing: {
    query: 'query($n: String!) { propertyByCertificateNumber(certificateNumber: $n) { address } }',
    variables: [{ n: '沪(2019)普字不动产权第012345号' }, { n: '沪(2012)普字不动产权第004821号' }],
    answer: { propertyByCertificateNumber: { address: '上海市普陀区长寿路588弄12号602室' } },
  },
  tax: {
    query:
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Company { taxStatus { creditRating } } } }',
    variables: [
      { r: [{ __typename: 'Company', uscc: G.restaurant }] },
      { r: [{ __typename: 'Company', uscc: G.pharmacy }] },
    ],
    answer: { _entities: [{ taxStatus: { creditRating: 'A' } }] },
  },
  'human-resources': {
    query:
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { socialSecurity { cardNumber } } } }',
    variables: [
      { r: [{ __typename: 'Person', id: G.zhangWei }] },
      { r: [{ __typename: 'Person', id: G.liNa }] },
    ],
    answer: { _entities: [{ socialSecurity: { cardNumber: 'SH0017350017' } }] },
  },
  'big-data-center': {
    query: 'query($id: ID!) { certificate(id: $id) { number } }',
    variables: [{ id: `PS-ID-${G.zhangWei}` }, { id: `PS-ID-${G.liNa}` }],
    answer: { certificate: { number: G.zhangWei } },
  },
  'service-center': {
    query: 'query($id: ID!) { case(id: $id) { status } }',
    variables: [{ id: 'C2026110200001' }, { id: 'C2026112400001' }],
    answer: { case: { status: 'ISSUED' } },
  },
  audit: {
    query: 'query($p: ID!) { accessRecords(filter: { person: $p }, first: 1) { records { actor } } }',
    variables: [{ p: G.zhangWei }, { p: G.liNa }],
    answer: { accessRecords: { records: expect.any(Array) } },
  },
};

/** What the gateway would sign for the test-only officer (the auditor's views need an auditor). */
function contextFor(subgraph: string): TrustContext {
  const actor: Actor =
    subgraph === 'audit'
      ? { id: 'auditor-01', role: 'AUDITOR', scopes: [], issuer: DEMO_ISSUER }
      : {
          id: 'officer-e2e',
          role: 'OFFICER',
          department: 'service-center',
          window: 'A-01',
          scopes: [],
          issuer: DEMO_ISSUER,
        };
  return {
    actor,
    channel: 'counter',
    ...(subgraph === 'audit' ? {} : { purpose: { kind: 'statutory' as const, code: TEST_PURPOSE } }),
    traceId: '5ec0000000000000000000000000a11d',
    subjects: { persons: [], companies: [], any: true },
  };
}

/**
 * Direct calls to each subgraph's port, bypassing the gateway: without the signed context, with
 * garbage, signed by a key that is not the gateway's, replayed with another operation, or meant
 * for another subgraph. Every one is refused with 401 CONTEXT_REQUIRED and no data, and no
 * legacy system hears of it. A correctly signed call first proves each read would have answered.
 */
export function describeDirectSubgraphCalls(stack: () => Stack): void {
  describe('direct calls to a subgraph', () => {
    const names = Object.keys(READS);
    const post = async (subgraph: string, body: unknown, context?: string) => {
      const res = await request(stack().subgraphs[subgraph]!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(context ? { [CONTEXT_HEADER]: context } : {}) },
        body: JSON.stringify(body),
      });
      return { status: res.statusCode, body: (await res.body.json()) as Record<string, unknown> };
    };
    const sign = (subgraph: string, audience: string, query: string, variables: unknown) =>
      stack().trust.signer(contextFor(subgraph), audience, bodyHash(query, variables), 30);

    it('covers all nine subgraphs', () => {
      expect(Object.keys(stack().subgraphs).sort()).toEqual([...names].sort());
    });

    it.each(names)('%s answers the gateway’s signed context', async (name) => {
      const { query, variables, answer } = READS[name]!;
      const reply = await post(
        name,
        { query, variables: variables[0] },
        await sign(name, name, query, variables[0]),
      );
      expect(reply).toEqual({ status: 200, body: { data: answer } });
    });

    it.each(names)('%s refuses every call without a valid context, asking no legacy system', async (name) => {
      const { query, variables } = READS[name]!;
      const [a, b] = variables;
      const stranger = await contextSigner(generateContextSecret(stack().trust.contextSecret.kid!));
      const other = names[(names.indexOf(name) + 1) % names.length]!;
      const attempts: [string, { query: string; variables: unknown }, string | undefined, string][] = [
        [
          'no context',
          { query, variables: a },
          undefined,
          'no signed context: call the gateway, not the subgraph',
        ],
        [
          'garbage',
          { query, variables: a },
          'not-a-signed-context',
          'signed context refused (ERR_JWS_INVALID)',
        ],
        [
          'a key that is not the gateway’s',
          { query, variables: a },
          await stranger(contextFor(name), name, bodyHash(query, a), 30),
          'signed context refused (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
        ],
        [
          'a context captured for another operation',
          { query, variables: b },
          await sign(name, name, query, a),
          'signed context belongs to another operation',
        ],
        [
          'a context for another subgraph',
          { query, variables: a },
          await sign(name, other, query, a),
          // MACed with the other subgraph's key, which this one does not hold.
          'signed context refused (ERR_JWS_SIGNATURE_VERIFICATION_FAILED)',
        ],
      ];
      stack().resetCounters();
      const replies: Record<string, unknown> = {};
      const expected: Record<string, unknown> = {};
      for (const [label, body, context, message] of attempts) {
        replies[label] = await post(name, body, context);
        expected[label] = {
          status: 401,
          body: { errors: [{ message, extensions: { code: 'CONTEXT_REQUIRED' } }] },
        };
      }
      expect(replies).toEqual(expected);
      expect(Object.values(stack().legacyRequests()).every((n) => n === 0)).toBe(true);
    });
  });
}
