import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { seededRandom } from '../../mocks/kit/random';
import type { Stack } from '../helpers/stack';
import { latenciesTagged, percentiles, round, type LoadRequest, type LoadRun } from './autocannon-run';

/** A bulk person of the world with the case an officer opened for them (the purpose of their views). */
export interface CounterViewPerson {
  id: string;
  caseId: string;
  /** Represents at least one company (whose licences and tax status the view then reads). */
  hasCompanies: boolean;
}

export interface CounterViewSet {
  people: CounterViewPerson[];
  /** Tokens of the window officers sending the views. */
  officerTokens: string[];
  /** The matter each case was opened for. */
  matterCode: string;
}

/** Officers' windows at the service centre: A-01, A-02... */
export const OFFICERS = 50;
/** How many setup requests are in flight at once. */
const SETUP_CONCURRENCY = 20;

const MATTERS = `query BenchMatters { matters(audience: PERSON, channel: COUNTER, first: 1) { edges { node { code } } } }`;
const SUBMIT = `mutation BenchOpenCase($input: SubmitCaseInput!) { submitCase(input: $input) { case { id } } }`;

interface Reply {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

/**
 * Posts GraphQL requests to a gateway, `SETUP_CONCURRENCY` at a time, and returns their answers in
 * order; throws on the first answer with errors. Progress goes to stderr once a second.
 */
export async function postAll(
  url: string,
  requests: { body: string; headers: Record<string, string> }[],
  label: string,
): Promise<Reply[]> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: SETUP_CONCURRENCY });
  const replies: Reply[] = new Array(requests.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  const ticker = setInterval(() => process.stderr.write(`  [${label}] ${done}/${requests.length}\n`), 1_000);
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      const r = requests[i]!;
      const res = await pool.request({
        path: target.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-channel': 'counter', ...r.headers },
        body: r.body,
      });
      const reply = (await res.body.json()) as Reply;
      if (res.statusCode !== 200 || reply.errors?.length)
        throw new Error(`${label}: HTTP ${res.statusCode} ${JSON.stringify(reply.errors ?? reply)}`);
      replies[i] = reply;
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: SETUP_CONCURRENCY }, worker));
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
  process.stderr.write(
    `  [${label}] ${done}/${requests.length} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return replies;
}

/**
 * The counter's working day, set up through a gateway: the world's bulk people (the `people` the
 * stack was started with, golden records left out), one case opened for each by a window officer
 * (submitCase under the statutory purpose WINDOW-ACCEPTANCE, for the first matter of the catalogue
 * a person may apply for at the counter), and tokens of `OFFICERS` window officers of the service
 * centre. Each officer may then read a person for that person's case (`x-purpose: case:<id>`).
 */
export async function prepareCounterViews(
  stack: Stack,
  gatewayUrl: string,
  people: number,
): Promise<CounterViewSet> {
  const world = loadWorld({ people });
  const golden = new Set<string>(Object.values(GOLDEN));
  const bulk = world.world.people.filter((p) => !golden.has(p.id));
  const officerTokens = await Promise.all(
    Array.from({ length: OFFICERS }, (_, i) =>
      stack.trust.token({
        role: 'officer',
        sub: `officer-bench-${String(i + 1).padStart(2, '0')}`,
        department: 'service-center',
        window: `A-${String(i + 1).padStart(2, '0')}`,
      }),
    ),
  );
  const accepting = { authorization: `Bearer ${officerTokens[0]}`, 'x-purpose': 'WINDOW-ACCEPTANCE' };
  const [matters] = await postAll(
    gatewayUrl,
    [{ body: JSON.stringify({ query: MATTERS }), headers: accepting }],
    'matters',
  );
  const edges = (matters!.data?.matters as { edges: { node: { code: string } }[] }).edges;
  const matterCode = edges[0]?.node.code;
  if (!matterCode) throw new Error('the catalogue offers no matter a person may apply for at the counter');
  const opened = await postAll(
    gatewayUrl,
    bulk.map((p) => ({
      body: JSON.stringify({
        query: SUBMIT,
        variables: {
          input: { matterCode, applicant: { personId: p.id }, idempotencyKey: `bench-case-${p.id}` },
        },
      }),
      headers: accepting,
    })),
    `opening one ${matterCode} case per person`,
  );
  return {
    matterCode,
    officerTokens,
    people: bulk.map((p, i) => ({
      id: p.id,
      caseId: (opened[i]!.data!.submitCase as { case: { id: string } }).case.id,
      hasCompanies: (world.companiesByLegalRep.get(p.id)?.length ?? 0) > 0,
    })),
  };
}

/** A copy of `items` in random order (Fisher-Yates). */
export function shuffled<T>(items: T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/**
 * `n` people spread evenly over the list (every k-th), and the others in their order: neither part
 * gets only the list's early or late people (the world's company representatives cluster).
 */
export function spreadOut<T>(people: readonly T[], n: number): { picked: T[]; rest: T[] } {
  if (n > people.length) throw new Error(`${n} people asked for, ${people.length} prepared`);
  const step = people.length / n;
  const at = new Set(Array.from({ length: n }, (_, k) => Math.floor(k * step + step / 2)));
  return { picked: people.filter((_, i) => at.has(i)), rest: people.filter((_, i) => !at.has(i)) };
}

/** The tag of a view in the results: persons with companies need two more legacy reads. */
export const tagOf = (p: CounterViewPerson) => (p.hasCompanies ? 'with companies' : 'no companies');

/**
 * p50 and p99 of the views of people with companies and of those without, in ms, and how many views
 * of people with companies there were: they wait for a second round of reads (the companies'
 * licences, tax, cases and representative), so they are most of a run's slowest views while they
 * are some 6 % of the views (at low load a dozen or so, too few for a p99 to say much).
 */
export function latencyByCompanies(run: LoadRun): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const tag of ['with companies', 'no companies']) {
    const [p50, p99] = percentiles(latenciesTagged(run, tag), [50, 99]);
    figures[`p50 ${tag} ms`] = round(p50!, 1);
    figures[`p99 ${tag} ms`] = round(p99!, 1);
  }
  figures['views with companies'] = latenciesTagged(run, 'with companies').length;
  return figures;
}

/**
 * Counter views for the load tool: the people in random order, each once per pass (a new order
 * each pass), each view from a random officer of the set with the person's case as its purpose.
 */
export function counterViewRequests(set: CounterViewSet, seed = 6): () => LoadRequest {
  const random = seededRandom(seed);
  const bodies = new Map(
    set.people.map((p) => [
      p.id,
      JSON.stringify({ query: COUNTER_VIEW_QUERY, operationName: 'CounterView', variables: { id: p.id } }),
    ]),
  );
  const authorizations = set.officerTokens.map((t) => `Bearer ${t}`);
  let order: CounterViewPerson[] = [];
  let i = 0;
  return () => {
    if (i === order.length) {
      order = shuffled(set.people, random);
      i = 0;
    }
    const p = order[i++]!;
    return {
      body: bodies.get(p.id)!,
      headers: {
        authorization: authorizations[Math.floor(random() * authorizations.length)]!,
        'x-purpose': `case:${p.caseId}`,
        'x-channel': 'counter',
      },
      tag: tagOf(p),
    };
  };
}
