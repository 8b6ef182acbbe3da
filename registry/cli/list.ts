import { DataLayerError, quoted } from '../../adapters/kit/errors';
import { SUBGRAPHS } from '../../gateway/departments';
import { subgraphView, supergraphView } from '../http/views';
import type { RegistryStore, SubgraphVersion, SupergraphVersion } from '../model';
import { parseCommand, wholeNumberFlag } from './args';
import { eventLines, historyTable, membersTable, supergraphLine } from './format';
import { EXIT, printJson, type CommandContext } from './io';

/** Events and versions `list` shows when `--limit` is not given. */
export const DEFAULT_LIST_LIMIT = 20;

/**
 * `list [<department>] [--events] [--limit N]`: the current supergraph version and its members
 * (department, version, publishedBy, publishedAt); or one department's versions, newest first; or
 * the registry's event log (of one department when it is named).
 */
export async function listCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parseCommand(
    'list',
    args,
    { events: { type: 'boolean' }, limit: { type: 'string' } },
    { required: [], optional: ['department'] },
  );
  const department = positionals[0];
  const limit = wholeNumberFlag(flags, 'limit', 10_000) ?? DEFAULT_LIST_LIMIT;
  if (department !== undefined) knownDepartment(department);
  const { store } = await ctx.registry();
  if (flags.events) return listEvents(ctx, store, department, limit);
  if (department !== undefined) return listHistory(ctx, store, department, limit);
  const current = await store.current();
  const members = current ? await membersOf(store, current) : [];
  if (ctx.json) {
    printJson(ctx.io, {
      supergraph: current ? supergraphView(current) : null,
      members: members.map(subgraphView),
    });
    return EXIT.ok;
  }
  if (!current) {
    ctx.io.stdout(
      'the registry is empty: run `npm run subgraph -- bootstrap` to register this checkout’s subgraphs',
    );
    return EXIT.ok;
  }
  ctx.io.stdout(`current: ${supergraphLine(current)}`);
  ctx.io.stdout(`members (${members.length}):`);
  for (const line of membersTable(members)) ctx.io.stdout(line);
  return EXIT.ok;
}

async function listHistory(
  ctx: CommandContext,
  store: RegistryStore,
  department: string,
  limit: number,
): Promise<number> {
  const versions = (await store.subgraphHistory(department)).slice(0, limit);
  const current = (await store.current())?.members.find((m) => m.department === department)?.version;
  if (ctx.json) {
    printJson(ctx.io, { department, current: current ?? null, versions: versions.map(subgraphView) });
    return EXIT.ok;
  }
  if (versions.length === 0) {
    ctx.io.stdout(`${department}: no version published yet`);
    return EXIT.ok;
  }
  ctx.io.stdout(`${department}: ${versions.length} version(s), newest first`);
  for (const line of historyTable(versions, current)) ctx.io.stdout(line);
  return EXIT.ok;
}

async function listEvents(
  ctx: CommandContext,
  store: RegistryStore,
  department: string | undefined,
  limit: number,
): Promise<number> {
  const all = department === undefined ? await store.events(limit) : await store.events();
  const events = (department === undefined ? all : all.filter((e) => e.department === department)).slice(
    0,
    limit,
  );
  if (ctx.json) {
    printJson(ctx.io, { events });
    return EXIT.ok;
  }
  if (events.length === 0) {
    ctx.io.stdout('no events');
    return EXIT.ok;
  }
  ctx.io.stdout(`events, newest first (${events.length}):`);
  for (const line of eventLines(events)) ctx.io.stdout(line);
  return EXIT.ok;
}

/** The subgraph versions the supergraph was composed from, in its members' order. */
export async function membersOf(
  store: RegistryStore,
  supergraph: SupergraphVersion,
): Promise<SubgraphVersion[]> {
  const out: SubgraphVersion[] = [];
  for (const m of supergraph.members) {
    const v = await store.subgraph(m.department, m.version);
    if (v) out.push(v);
  }
  return out;
}

/** UNKNOWN_DEPARTMENT (exit 2) for a name gateway/departments.ts does not list. */
export function knownDepartment(department: string): void {
  if (!SUBGRAPHS.some((s) => s.name === department))
    throw new DataLayerError(
      'UNKNOWN_DEPARTMENT',
      `no department ${quoted(department)}; known: ${SUBGRAPHS.map((s) => s.name).join(', ')}`,
    );
}
