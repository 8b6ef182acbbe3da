import path from 'node:path';
import { request } from 'undici';
import { composeSupergraph, localSubgraphs, type SubgraphSource } from '../../gateway/compose';
import type { RunningGateway } from '../../gateway/server';
import type { RegistryStore, SupergraphVersion } from '../../registry/model';

const ROOT = path.resolve(__dirname, '../..');

/** The field the compatible change adds: health's `Person.healthCertificates`, which the running health subgraph resolves. */
export const ADDED_FIELD_QUERY = /* GraphQL */ `
  query HealthCertificates($id: ID!) {
    person(id: $id) {
      id
      healthCertificates {
        number
        status
      }
    }
  }
`;

/**
 * The two supergraphs of the compatible change: `before` composes health's schema without
 * `Person.healthCertificates` (and its description), `after` the repository's schemas as they
 * are. The running health subgraph answers the field either way, so publishing `after` is a
 * real, compatible change the gateway can serve at once.
 */
export function healthChange(): {
  before: SubgraphSource[];
  after: SubgraphSource[];
  beforeSdl: string;
  afterSdl: string;
} {
  const after = localSubgraphs(ROOT);
  const before = after.map((s) => {
    if (s.name !== 'health') return s;
    const sdl = s.sdl.replace(
      /\n[ \t]*"Health certificates[^\n]*\n[ \t]*healthCertificates: \[HealthCertificate!\]/,
      '',
    );
    if (sdl === s.sdl) throw new Error('health schema changed: the fixture cannot remove healthCertificates');
    return { ...s, sdl };
  });
  return { before, after, beforeSdl: composeSupergraph(before), afterSdl: composeSupergraph(after) };
}

/** Writes version 1 into an empty store, as `npm run subgraph -- bootstrap` does. */
export function bootstrap(store: RegistryStore, sources: SubgraphSource[], supergraphSdl: string) {
  return store.commit({
    expectedCurrent: null,
    add: sources.map((s) => ({ department: s.name, sdl: s.sdl, url: s.url })),
    keep: [],
    supergraphSdl,
    action: 'bootstrap',
    by: 'test',
  });
}

/** Lands a new version of one department's subgraph and the supergraph composed with it. */
export async function publish(
  store: RegistryStore,
  source: SubgraphSource,
  supergraphSdl: string,
): Promise<SupergraphVersion> {
  const current = (await store.current())!;
  return store.commit({
    expectedCurrent: current.version,
    add: [{ department: source.name, sdl: source.sdl, url: source.url }],
    keep: current.members.filter((m) => m.department !== source.name),
    supergraphSdl,
    action: 'publish',
    department: source.name,
    by: 'test',
  });
}

/** A new version with the content of version `to`, as `npm run subgraph -- rollback` makes it. */
export async function rollback(store: RegistryStore, to: number): Promise<SupergraphVersion> {
  const [current, target] = [(await store.current())!, (await store.supergraph(to))!];
  return store.commit({
    expectedCurrent: current.version,
    add: [],
    keep: target.members,
    supergraphSdl: target.sdl,
    action: 'rollback',
    restores: to,
    by: 'test',
  });
}

/** What a gateway's /ready says it serves. */
export async function servedBy(
  gateway: RunningGateway,
): Promise<{ source: string; version: number | null; sdlHash: string }> {
  const res = await request(new URL('/ready', gateway.url));
  const body = (await res.body.json()) as {
    supergraph: { source: string; version: number | null; sdlHash: string };
  };
  return body.supergraph;
}

/** Waits until every gateway's /ready reports `version` (the test's timeout bounds the wait; nothing is timed). */
export async function untilServed(gateways: RunningGateway[], version: number): Promise<void> {
  for (;;) {
    const served = await Promise.all(gateways.map(servedBy));
    if (served.every((s) => s.version === version)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}
