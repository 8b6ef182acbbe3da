import { quoted } from '../../adapters/kit/errors';
import { readManifest, SAFELIST_CHANNELS, type PersistedOperation } from '../../gateway/limits/safelist';
import { parseCommand, readInputFile, stringFlag } from './args';
import { operationLines } from './format';
import { EXIT, printJson, UsageError, type CommandContext } from './io';
import { defaultPublisher } from './publisher';

/**
 * `operations register <channel> <manifest.json> [--as NAME]`: replaces the channel's registered
 * operations with the manifest's, each validated against the current supergraph first (exit 1 and
 * nothing stored when one does not validate). `operations list [<channel>]`.
 */
export async function operationsCommand(args: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'register') return register(rest, ctx);
  if (sub === 'list') return list(rest, ctx);
  throw new UsageError(
    sub === undefined
      ? 'operations: say register or list'
      : `operations: unknown command ${JSON.stringify(sub)}`,
  );
}

async function register(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parseCommand(
    'operations register',
    args,
    { as: { type: 'string' } },
    { required: ['channel', 'manifest.json'] },
  );
  const [channel, file] = positionals as [string, string];
  knownChannel(channel);
  const by = stringFlag(flags, 'as') ?? defaultPublisher(ctx.env);
  readInputFile('manifest', file); // a missing file says so plainly before the manifest checks
  let operations: PersistedOperation[];
  try {
    operations = readManifest(file);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const registry = await ctx.registry();
  const { registered } = await registry.registerOperations(channel, operations, by);
  if (ctx.json) printJson(ctx.io, { channel, registered });
  else ctx.io.stdout(`registered ${registered} operation(s) for ${channel}, by ${by}`);
  return EXIT.ok;
}

async function list(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommand('operations list', args, {}, { required: [], optional: ['channel'] });
  const channel = positionals[0];
  if (channel !== undefined) knownChannel(channel);
  const { store } = await ctx.registry();
  const operations = await store.registeredOperations(channel);
  if (ctx.json) {
    printJson(ctx.io, { operations });
    return EXIT.ok;
  }
  if (operations.length === 0) {
    ctx.io.stdout(`no operations registered${channel ? ` for ${channel}` : ''}`);
    return EXIT.ok;
  }
  ctx.io.stdout(`registered operations (${operations.length}):`);
  for (const line of operationLines(operations)) ctx.io.stdout(line);
  return EXIT.ok;
}

function knownChannel(channel: string): void {
  if (!(SAFELIST_CHANNELS as readonly string[]).includes(channel))
    throw new UsageError(`${quoted(channel)} is not a channel (expected ${SAFELIST_CHANNELS.join(', ')})`);
}
