import { supergraphView } from '../http/views';
import { parseCommand, stringFlag, wholeNumberFlag } from './args';
import { supergraphLine } from './format';
import { EXIT, printJson, type CommandContext } from './io';
import { defaultPublisher } from './publisher';

/**
 * `rollback [--to N] [--as NAME]`: a new supergraph version with the content of version N (default:
 * the one before the current), which every gateway then serves. Exit 2 when there is no such version.
 */
export async function rollbackCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { flags } = parseCommand(
    'rollback',
    args,
    { to: { type: 'string' }, as: { type: 'string' } },
    { required: [] },
  );
  const to = wholeNumberFlag(flags, 'to');
  const by = stringFlag(flags, 'as') ?? defaultPublisher(ctx.env);
  const registry = await ctx.registry();
  const supergraph = await registry.rollback({ by, ...(to !== undefined ? { to } : {}) });
  if (ctx.json) printJson(ctx.io, { supergraph: supergraphView(supergraph) });
  else ctx.io.stdout(`rolled back: ${supergraphLine(supergraph)} is now current`);
  return EXIT.ok;
}
