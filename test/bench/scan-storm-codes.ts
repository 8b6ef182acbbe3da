import { performance } from 'node:perf_hooks';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { Stack } from '../helpers/stack';
import { postAll } from './counter-view-requests';

/** Scanners at the gates: `gate-01`, `gate-02`... each a SERVICE client with its own token. */
export const SCANNER_CLIENT_PREFIX = 'gate-';

/** What a scanner sends: the issue's query, the library's view of a code. */
export const VERIFY_QUERY =
  'mutation BenchScan($code: String!) { verifyDigitalId(code: $code, scene: LIBRARY) { scene holderKind maskedName mayBorrow } }';

/** Scene-free, so the one code serves any scene; without `qrPngBase64`, so no QR image is drawn (scanners read the code). */
const ISSUE_QUERY =
  'mutation BenchIssueDigitalId($person: ID!) { issueDigitalId(person: $person) { code expiresAt } }';

/** Codes the scanners draw from, as ready request bodies. */
export interface CodePool {
  /** The JSON body of a verification of each code. */
  bodies: string[];
  /** One code as issued, for the raw crypto rates. */
  sample: string;
  /** When the first of them expires, ms since the epoch. */
  earliestExpiryMs: number;
  /** How long issuing them took, in ms. */
  issueMs: number;
}

/** The holders of the pool: the world's bulk people (golden records left out), each with their own citizen token. */
export interface Holders {
  ids: string[];
  tokens: string[];
}

/** The first `count` bulk people of a stack started with `people`, and a citizen token for each. */
export async function holders(stack: Stack, people: number, count: number): Promise<Holders> {
  const golden = new Set<string>(Object.values(GOLDEN));
  const ids = loadWorld({ people })
    .world.people.filter((p) => !golden.has(p.id))
    .slice(0, count)
    .map((p) => p.id);
  if (ids.length < count) throw new Error(`the world has ${ids.length} bulk people, ${count} wanted`);
  const tokens = await Promise.all(
    ids.map((id) => stack.trust.token({ role: 'citizen', sub: `citizen-${id}`, person: id })),
  );
  return { ids, tokens };
}

/**
 * One fresh code per holder, each issued by the holder on the app channel through the gateway
 * (`issueDigitalId(person:)`), with progress on stderr. Codes live `BIG_DATA_CENTER_MOCK_SUISHENMA_TTL_SECONDS`
 * (60 s by default) from the mock's clock: the caller keeps its measured slices within
 * `earliestExpiryMs`.
 */
export async function issueCodes(gatewayUrl: string, h: Holders, label: string): Promise<CodePool> {
  const started = performance.now();
  const replies = await postAll(
    gatewayUrl,
    h.ids.map((person, i) => ({
      body: JSON.stringify({ query: ISSUE_QUERY, variables: { person } }),
      headers: { authorization: `Bearer ${h.tokens[i]}`, 'x-channel': 'app' },
    })),
    label,
  );
  const issued = replies.map((r) => r.data!.issueDigitalId as { code: string; expiresAt: string });
  return {
    bodies: issued.map(({ code }) => JSON.stringify({ query: VERIFY_QUERY, variables: { code } })),
    sample: issued[0]!.code,
    earliestExpiryMs: Math.min(...issued.map((c) => Date.parse(c.expiresAt))),
    issueMs: performance.now() - started,
  };
}

/** The headers of `count` scanners: SERVICE tokens with scope `digital-id:verify`, on the terminal channel. */
export async function scannerHeaders(stack: Stack, count: number): Promise<Record<string, string>[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const client = `${SCANNER_CLIENT_PREFIX}${String(i + 1).padStart(2, '0')}`;
      const token = await stack.trust.token({
        role: 'service',
        sub: client,
        client_id: client,
        scope: 'digital-id:verify',
      });
      return { authorization: `Bearer ${token}`, 'x-channel': 'terminal' };
    }),
  );
}
