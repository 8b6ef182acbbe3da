import path from 'node:path';
import { localSubgraphs } from '../gateway/compose';
import { loadSafelist } from '../gateway/limits/safelist';
import { RegistryRefusal } from './checks/report';
import type { SupergraphVersion } from './model';
import type { SchemaRegistry } from './schema-registry';
import { sdlHash } from './sdl-hash';

/** What bringing the registry up to this checkout did. */
export interface SyncOutcome {
  /** The version 1 made when the registry was empty (then nothing else is listed). */
  bootstrapped: SupergraphVersion | null;
  /** Departments whose checkout schema differed and landed, with the supergraph version each made. */
  published: { department: string; supergraph: number }[];
  /** Departments whose checkout schema differed and the checks refused (the registry keeps serving its own). */
  refused: { department: string; code: string; message: string }[];
  /** Channels whose manifest differed and was registered. */
  registered: { channel: string; operations: number }[];
  /** Channels whose manifest the registry refused. */
  notRegistered: { channel: string; message: string }[];
  /**
   * What the registry holds that this checkout did not bring (someone published, rolled back or
   * registered since the checkout last synced): left as it is, never overwritten by the working tree.
   */
  keptInRegistry: { what: string; by: string }[];
}

/** The schema this checkout last brought into the registry: the newest version it published, else the first. */
async function lastSynced(registry: SchemaRegistry, department: string, by: string) {
  const history = await registry.store.subgraphHistory(department); // newest first
  return history.find((v) => v.publishedBy === by) ?? history.at(-1);
}

/**
 * Brings the registry up to this checkout, through the same checks as any publish: `npm start`
 * runs it, so a schema changed in the working tree (or a department just scaffolded) is served
 * without a separate publish, and a change the checks refuse is reported while the registry keeps
 * the supergraph it had. Only what changed in the checkout since it last synced (as `by`) is
 * published: a newer version someone else published is kept, not reverted by an older working
 * tree. Channel manifests (gateway/persisted-operations) are registered when they differ and the
 * channel's operations were last registered from the checkout. An empty registry is bootstrapped
 * from the checkout. With `publish: false` (a shared PostgreSQL registry) it only bootstraps.
 */
export async function syncCheckout(
  registry: SchemaRegistry,
  root: string,
  by: string,
  options: { publish: boolean } = { publish: true },
): Promise<SyncOutcome> {
  const sources = localSubgraphs(root);
  const safelistDir = path.join(root, 'gateway', 'persisted-operations');
  const outcome: SyncOutcome = {
    bootstrapped: null,
    published: [],
    refused: [],
    registered: [],
    notRegistered: [],
    keptInRegistry: [],
  };
  outcome.bootstrapped = await registry.bootstrap(sources, by, safelistDir);
  if (outcome.bootstrapped || !options.publish) return outcome;
  for (const s of sources) {
    const synced = await lastSynced(registry, s.name, by);
    if (synced && synced.sdlHash === sdlHash(s.sdl)) {
      const current = await registry.store.subgraph(s.name);
      if (current && current.version !== synced.version)
        outcome.keptInRegistry.push({ what: `${s.name} v${current.version}`, by: current.publishedBy });
      continue;
    }
    try {
      const { supergraph, unchanged } = await registry.publish({ department: s.name, sdl: s.sdl, by });
      if (!unchanged) outcome.published.push({ department: s.name, supergraph: supergraph.version });
    } catch (e) {
      if (!(e instanceof RegistryRefusal)) throw e;
      outcome.refused.push({ department: s.name, code: e.code, message: e.message });
    }
  }
  const registered = await registry.store.registeredOperations();
  for (const [channel, operations] of loadSafelist(safelistDir).channels) {
    const mine = [...operations.keys()].sort().join();
    const theirs = registered
      .filter((o) => o.channel === channel)
      .map((o) => o.id)
      .sort()
      .join();
    if (mine === theirs) continue;
    const other = registered.find((o) => o.channel === channel && o.registeredBy !== by);
    if (other) {
      outcome.keptInRegistry.push({ what: `${channel} operations`, by: other.registeredBy });
      continue;
    }
    try {
      const { registered: n } = await registry.registerOperations(channel, [...operations.values()], by);
      outcome.registered.push({ channel, operations: n });
    } catch (e) {
      outcome.notRegistered.push({ channel, message: (e as Error).message });
    }
  }
  return outcome;
}
