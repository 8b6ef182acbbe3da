import path from 'node:path';
import { localSubgraphs } from '../../gateway/compose';
import { supergraphView } from '../http/views';
import { parseCommand, stringFlag } from './args';
import { supergraphLine } from './format';
import { EXIT, printJson, type CommandContext } from './io';
import { defaultPublisher } from './publisher';

/**
 * `bootstrap [--as NAME]`: when the registry is empty, registers this checkout's subgraphs
 * (subgraphs/<name>/schema.graphql) as supergraph version 1 and the channel manifests of
 * gateway/persisted-operations; otherwise changes nothing and says so. Exit 0 either way.
 */
export async function bootstrapCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { flags } = parseCommand('bootstrap', args, { as: { type: 'string' } }, { required: [] });
  const by = stringFlag(flags, 'as') ?? defaultPublisher(ctx.env);
  const sources = localSubgraphs(ctx.root);
  const safelistDir = path.join(ctx.root, 'gateway', 'persisted-operations');
  const registry = await ctx.registry();
  const made = await registry.bootstrap(sources, by, safelistDir);
  const current = made ?? (await registry.store.current());
  const operations = made ? await registry.store.registeredOperations() : [];
  if (ctx.json) {
    printJson(ctx.io, {
      bootstrapped: made !== null,
      supergraph: current ? supergraphView(current) : null,
      ...(made ? { subgraphs: sources.map((s) => s.name), registeredOperations: operations.length } : {}),
    });
    return EXIT.ok;
  }
  if (!made) {
    ctx.io.stdout(
      `not empty: the registry already serves ${current ? supergraphLine(current) : 'a supergraph'}; nothing changed`,
    );
    return EXIT.ok;
  }
  const channels = [...new Set(operations.map((o) => o.channel))];
  ctx.io.stdout(`bootstrapped ${supergraphLine(made)}`);
  ctx.io.stdout(`  subgraphs (${sources.length}): ${sources.map((s) => s.name).join(', ')}`);
  ctx.io.stdout(`  operations: ${operations.length} registered for ${channels.join(', ') || 'no channel'}`);
  return EXIT.ok;
}
