import { performance } from 'node:perf_hooks';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { GOLDEN } from '../../mocks/data/golden';
import type { Faults } from '../../mocks/kit/faults';
import type { GraphQLReply, Stack } from '../helpers/stack';
import type { LegacySystem } from './policy';

function insertAfter(query: string, anchor: string, fields: string): string {
  if (!query.includes(anchor)) throw new Error(`the counter view no longer has "${anchor}"`);
  return query.replace(anchor, `${anchor}\n${fields}`);
}

/**
 * Zhang Wei's counter view (gateway/first-query.ts) plus the health fields it lacks, so one
 * query touches all seven legacy systems and the service centre.
 */
export const COUNTER_VIEW_ALL_DEPARTMENTS = insertAfter(
  insertAfter(COUNTER_VIEW_QUERY, 'birthDate', 'healthCertificates { number status validUntil }'),
  'uscc\n        name',
  'publicPlaceHealthPermits { number status validUntil }',
);
export const COUNTER_VIEW_VARIABLES = { id: GOLDEN.zhangWei };

/**
 * Where each system's data sits in the counter view. A failing system nulls exactly these fields:
 * public security its registry fields (the person stands, known by the identity number, so the
 * other departments still answer for them), including the restaurant's legal representative's name.
 */
export const FIELDS_OF: Record<LegacySystem | 'service-center', (string | number)[][]> = {
  'public-security': [
    ['person', 'name'],
    ['person', 'documentType'],
    ['person', 'birthDate'],
    ['person', 'companies', 0, 'legalRepresentative', 'name'],
  ],
  'market-supervision': [['person', 'companies']],
  health: [
    ['person', 'healthCertificates'],
    ['person', 'companies', 0, 'publicPlaceHealthPermits'],
  ],
  housing: [['person', 'properties']],
  tax: [['person', 'companies', 0, 'taxStatus']],
  'human-resources': [['person', 'socialSecurity']],
  'big-data-center': [['person', 'certificates']],
  // The service centre holds the cases (Zhang Wei has no open one of his own; his restaurant has).
  'service-center': [['person', 'companies', 0, 'cases']],
};

/** The value at a path of a response's data (undefined when a step on the way is missing). */
export function valueAt(data: unknown, path: (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | null)?.[key], data);
}

/** A copy of `data` with null at each path (what a client sees when those fields failed). */
export function nullAt(data: unknown, paths: (string | number)[][]): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  for (const p of paths) {
    let node: Record<string | number, unknown> | null = copy;
    for (const key of p.slice(0, -1)) node = (node?.[key] ?? null) as Record<string | number, unknown> | null;
    if (node) node[p[p.length - 1]!] = null;
  }
  return copy;
}

/** An error as the tests compare it: where, and its extensions (messages name ports and vary). */
export interface ErrorShape {
  path?: (string | number)[];
  extensions: Record<string, unknown>;
}

/** The reply's errors without messages, in a stable order (subgraphs answer in any order). */
export function errorShapes(reply: GraphQLReply): ErrorShape[] {
  return (reply.body.errors ?? [])
    .map((e) => ({
      ...(e.path ? { path: e.path as (string | number)[] } : {}),
      extensions: e.extensions ?? {},
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

export function sortedShapes(shapes: ErrorShape[]): ErrorShape[] {
  return [...shapes].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** One counter view through the gateway, with its wall time in ms. */
export async function timedCounterView(stack: Stack): Promise<{ reply: GraphQLReply; ms: number }> {
  const start = performance.now();
  const reply = await stack.query(COUNTER_VIEW_ALL_DEPARTMENTS, COUNTER_VIEW_VARIABLES);
  return { reply, ms: performance.now() - start };
}

/** Waits until the counter view equals `healthy` again (a `refuse` fault re-listens asynchronously). */
export async function untilHealthy(stack: Stack, healthy: GraphQLReply, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: GraphQLReply | undefined;
  while (Date.now() < until) {
    last = await stack.query(COUNTER_VIEW_ALL_DEPARTMENTS, COUNTER_VIEW_VARIABLES);
    if (JSON.stringify(last.body) === JSON.stringify(healthy.body)) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`the stack did not heal within ${timeoutMs} ms: ${JSON.stringify(last?.body.errors)}`);
}

/** The faults of the issue, as the mocks' fault controls take them. */
export const FAULTS = {
  'connection refused': { refuse: true },
  hang: { hang: true },
  'slow beyond timeout': { latencyMs: 400 },
  // mulberry32(19) draws error, error, error, ok, ok...: a retried call fails three times in a row.
  '50% errors, seed 19': { errorRate: 0.5, seed: 19 },
  // mulberry32(8) draws error, ok, error, ok, ok...: a single retry hides each failure.
  '50% errors, seed 8': { errorRate: 0.5, seed: 8 },
  'garbage body': { garbage: true },
  'rate limited': { rateLimitPerSecond: 0 },
  maintenance: { maintenanceRetryAfter: 30 },
} satisfies Record<string, Faults>;
export type FaultName = keyof typeof FAULTS;
