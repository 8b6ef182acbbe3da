import path from 'node:path';
import { localSubgraphs } from '../gateway/compose';
import { loadSafelist } from '../gateway/limits/safelist';
import { RegistryRefusal } from './checks/report';
import type { SupergraphVersion } from './model';
import type { SchemaRegistry } from './schema-registry';

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
}

/**
 * Brings the registry up to this checkout, through the same checks as any publish: `npm start`
 * runs it, so a schema changed in the working tree (or a department just scaffolded) is served
 * without a separate publish, and a change the checks refuse is reported while the registry keeps
 * the supergraph it had. An empty registry is bootstrapped from the checkout. Channel manifests
 * (gateway/persisted-operations) whose operations differ from the registered ones are registered.
 */
export async function syncCheckout(registry: SchemaRegistry, root: string, by: string): Promise<SyncOutcome> {
  const sources = localSubgraphs(root);
  const safelistDir = path.join(root, 'gateway', 'persisted-operations');
  const outcome: SyncOutcome = {
    bootstrapped: null,
    published: [],
    refused: [],
    registered: [],
    notRegistered: [],
  };
  outcome.bootstrapped = await registry.bootstrap(sources, by, safelistDir);
  if (outcome.bootstrapped) return outcome;
  for (const s of sources) {
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
    try {
      const { registered: n } = await registry.registerOperations(channel, [...operations.values()], by);
      outcome.registered.push({ channel, operations: n });
    } catch (e) {
      outcome.notRegistered.push({ channel, message: (e as Error).message });
    }
  }
  return outcome;
}
