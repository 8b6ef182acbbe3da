import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/**
 * Reads `schema.graphql` of the subgraph whose code is in `dir`. The compiled code runs
 * from dist/subgraphs/<dept>/, the schema stays in subgraphs/<dept>/ (one source of truth,
 * nothing copied by the build).
 */
export function schemaPath(dir: string): string {
  const beside = path.join(dir, 'schema.graphql');
  if (existsSync(beside)) return beside;
  const parts = dir.split(path.sep);
  const i = parts.lastIndexOf('dist');
  if (i >= 0) {
    const source = path.join([...parts.slice(0, i), ...parts.slice(i + 1)].join(path.sep), 'schema.graphql');
    if (existsSync(source)) return source;
  }
  throw new Error(`no schema.graphql beside ${dir}`);
}

export function loadTypeDefs(dir: string): DocumentNode {
  const file = schemaPath(dir);
  return parse(readFileSync(file, 'utf8'));
}
