import { RegistryRefusal } from '../checks/report';
import { reportView, supergraphView } from '../http/views';
import { parseCommand, readInputFile, stringFlag } from './args';
import { reportLines, supergraphLine } from './format';
import { EXIT, printJson, type CommandContext } from './io';
import { defaultPublisher } from './publisher';

/**
 * `publish <department> <schema file> [--url URL] [--as NAME] [--override REASON]`: lands the schema
 * (exit 0, the new supergraph version) or prints the refusal (exit 1): every problem, every broken
 * operation with its client and owner, the breaking changes. The same schema as the current one lands
 * nothing and exits 0.
 */
export async function publishCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parseCommand(
    'publish',
    args,
    { url: { type: 'string' }, as: { type: 'string' }, override: { type: 'string' } },
    { required: ['department', 'schema file'] },
  );
  const [department, file] = positionals as [string, string];
  const url = stringFlag(flags, 'url');
  const by = stringFlag(flags, 'as') ?? defaultPublisher(ctx.env);
  const reason = stringFlag(flags, 'override');
  const sdl = readInputFile('schema file', file);
  const registry = await ctx.registry();
  try {
    const { report, supergraph, unchanged } = await registry.publish({
      department,
      sdl,
      by,
      ...(url ? { url } : {}),
      ...(reason ? { override: { reason } } : {}),
    });
    if (ctx.json) {
      printJson(ctx.io, {
        ok: true,
        unchanged,
        supergraph: supergraphView(supergraph),
        report: reportView(report),
      });
      return EXIT.ok;
    }
    if (unchanged) {
      ctx.io.stdout(
        `${department}: unchanged, the schema is the one ${supergraphLine(supergraph)} serves; nothing published`,
      );
      return EXIT.ok;
    }
    const member = supergraph.members.find((m) => m.department === department);
    ctx.io.stdout(`published ${department} v${member?.version} as ${supergraphLine(supergraph)}`);
    if (supergraph.override)
      ctx.io.stdout(`override recorded, it breaks: ${supergraph.override.breaks.join(', ')}`);
    for (const line of reportLines(report).slice(1)) ctx.io.stdout(line);
    return EXIT.ok;
  } catch (e) {
    if (!(e instanceof RegistryRefusal)) throw e;
    printRefusal(ctx, e);
    const onlyBreaks = e.report.problems.length === 0;
    if (!ctx.json && onlyBreaks)
      ctx.io.stderr(
        `to land it anyway, talk to the owners above, then: npm run subgraph -- publish ${department} ${file} --override "<reason>"`,
      );
    return EXIT.refused;
  }
}

/** `check <department> <schema file> [--url URL]`: the report a publish would give; stores nothing. Exit 0 ok, 1 not ok. */
export async function checkCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals, flags } = parseCommand(
    'check',
    args,
    { url: { type: 'string' } },
    { required: ['department', 'schema file'] },
  );
  const [department, file] = positionals as [string, string];
  const url = stringFlag(flags, 'url');
  const sdl = readInputFile('schema file', file);
  const registry = await ctx.registry();
  const report = await registry.check(department, sdl, url);
  if (ctx.json) printJson(ctx.io, reportView(report));
  else {
    for (const line of reportLines(report)) ctx.io.stdout(line);
    ctx.io.stdout(report.ok ? 'check ok: a publish would land' : 'check not ok: a publish would be refused');
  }
  return report.ok ? EXIT.ok : EXIT.refused;
}

function printRefusal(ctx: CommandContext, e: RegistryRefusal): void {
  if (ctx.json) {
    printJson(ctx.io, {
      ok: false,
      error: { code: e.code, message: e.message },
      report: reportView(e.report),
    });
    return;
  }
  ctx.io.stdout(`refused (${e.code}): nothing was published`);
  for (const line of reportLines(e.report)) ctx.io.stdout(line);
}
