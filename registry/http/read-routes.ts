/** The registry API's read routes: any `registry:` scope or an auditor may read. */
import { DataLayerError, quoted } from '../../adapters/kit/errors';
import { SAFELIST_CHANNELS } from '../../gateway/limits/safelist';
import type { Actor } from '../../trust/actor';
import { knownDepartment } from '../department';
import type { RegistryStore, SupergraphVersion } from '../model';
import { requireReader } from './authorize';
import { limitParam, sendJson, sendText } from './respond';
import type { Route, RouteContext } from './router';
import { subgraphView, supergraphView } from './views';

/** Supergraph versions and events a list returns when `?limit=` is not given. */
export const DEFAULT_PAGE = 20;

export const READ_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/supergraph',
    handle: reader(async ({ res, registry }) => {
      sendJson(res, 200, supergraphView(await currentOrThrow(registry.store)));
    }),
  },
  {
    method: 'GET',
    path: '/v1/supergraph/sdl',
    handle: reader(async ({ res, registry }) => {
      sendText(res, 200, (await currentOrThrow(registry.store)).sdl);
    }),
  },
  {
    method: 'GET',
    path: '/v1/supergraphs',
    handle: reader(async ({ res, url, registry }) => {
      const versions = await registry.store.supergraphs(limitParam(url, DEFAULT_PAGE));
      sendJson(res, 200, { supergraphs: versions.map(supergraphView) });
    }),
  },
  {
    method: 'GET',
    path: '/v1/subgraphs',
    handle: reader(async ({ res, registry }) => {
      const current = await registry.store.current();
      const members = [];
      for (const m of current?.members ?? []) {
        const v = await registry.store.subgraph(m.department, m.version);
        if (v) members.push(subgraphView(v));
      }
      sendJson(res, 200, { supergraphVersion: current?.version ?? null, subgraphs: members });
    }),
  },
  {
    method: 'GET',
    path: '/v1/subgraphs/:department',
    handle: reader(async ({ res, params, registry }) => {
      const department = knownDepartment(params.department!).name;
      const versions = await registry.store.subgraphHistory(department);
      const current = (await registry.store.current())?.members.find((m) => m.department === department);
      sendJson(res, 200, {
        department,
        current: current?.version ?? null,
        versions: versions.map(subgraphView),
      });
    }),
  },
  {
    method: 'GET',
    path: '/v1/subgraphs/:department/sdl',
    handle: reader(async ({ res, url, params, registry }) => {
      const department = knownDepartment(params.department!).name;
      const raw = url.searchParams.get('version');
      if (raw !== null && !/^[1-9]\d{0,8}$/.test(raw))
        throw new DataLayerError('INVALID_ARGUMENT', 'version must be a whole number from 1');
      const v = await registry.store.subgraph(department, raw === null ? undefined : Number(raw));
      if (!v)
        throw new DataLayerError(
          'VERSION_NOT_FOUND',
          raw === null
            ? `${department} is not in the current supergraph`
            : `${department} has no version ${raw}`,
        );
      sendText(res, 200, v.sdl);
    }),
  },
  {
    method: 'GET',
    path: '/v1/operations',
    handle: reader(async ({ res, url, registry }) => {
      const channel = url.searchParams.get('channel') ?? undefined;
      if (channel !== undefined && !(SAFELIST_CHANNELS as readonly string[]).includes(channel))
        throw new DataLayerError(
          'INVALID_ARGUMENT',
          `${quoted(channel)} is not a channel (expected ${SAFELIST_CHANNELS.join(', ')})`,
        );
      const operations = await registry.store.registeredOperations(channel);
      sendJson(res, 200, { operations, revision: await registry.store.operationsRevision() });
    }),
  },
  {
    method: 'GET',
    path: '/v1/events',
    handle: reader(async ({ res, url, registry }) => {
      sendJson(res, 200, { events: await registry.store.events(limitParam(url, DEFAULT_PAGE)) });
    }),
  },
];

/** A handler that first requires a reader. */
function reader(handle: (ctx: RouteContext & { actor: Actor }) => Promise<void>): Route['handle'] {
  return async (ctx) => {
    requireReader(ctx.actor!);
    await handle(ctx as RouteContext & { actor: Actor });
  };
}

async function currentOrThrow(store: RegistryStore): Promise<SupergraphVersion> {
  const current = await store.current();
  if (!current)
    throw new DataLayerError('VERSION_NOT_FOUND', 'the registry is empty: no supergraph has been published');
  return current;
}
