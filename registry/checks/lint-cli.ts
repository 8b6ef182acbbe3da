import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { undocumented } from './descriptions';

/** One thing a subgraph schema lacks: `Type.field`, `Type.field(arg)`, `type Type`, `Enum.VALUE`, or a parse error. */
export interface LintFinding {
  subgraph: string;
  /** What lacks a description (undocumented()'s form), or `does not parse: <graphql's message>`. */
  what: string;
}

/**
 * Every missing description in `<root>/subgraphs/<name>/schema.graphql`, subgraphs in name order and
 * each one's findings in document order. Frontend teams read these descriptions as the schema's
 * documentation (docs/schema.md), so an undocumented type or field is a lint failure, not a warning.
 */
export function lintSubgraphSchemas(root: string): LintFinding[] {
  const dir = path.join(root, 'subgraphs');
  const names = readdirSync(dir)
    .filter((name) => existsSync(path.join(dir, name, 'schema.graphql')))
    .sort();
  return names.flatMap((subgraph): LintFinding[] => {
    const sdl = readFileSync(path.join(dir, subgraph, 'schema.graphql'), 'utf8');
    try {
      return undocumented(sdl).map((what) => ({ subgraph, what }));
    } catch (e) {
      return [{ subgraph, what: `does not parse: ${(e as Error).message}` }];
    }
  });
}

/** `npm run lint:schema`: prints `subgraph: Type.field` for each finding; returns the exit code (1 when any). */
export function lintCli(
  root: string,
  io: { stdout: (l: string) => void; stderr: (l: string) => void },
): number {
  const findings = lintSubgraphSchemas(root);
  if (findings.length === 0) {
    io.stdout('lint:schema: every type, field, argument and enum value of every subgraph has a description');
    return 0;
  }
  for (const f of findings) io.stderr(`${f.subgraph}: ${f.what}`);
  io.stderr(
    `lint:schema: ${findings.length} without a description; describe each in its subgraph's schema.graphql ("""…""" before it)`,
  );
  return 1;
}

if (require.main === module) {
  process.exitCode = lintCli(path.resolve(__dirname, '../..'), {
    stdout: (l) => process.stdout.write(l + '\n'),
    stderr: (l) => process.stderr.write(l + '\n'),
  });
}
