import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * A file or folder of the source tree (`migrations`, `data`, a policy file) found from `dir`
 * (`__dirname`). The compiled code runs from dist/... while SQL and JSON stay in the source tree
 * (one source of truth, nothing copied by the build). Null when neither place has it.
 */
export function sourceFolder(name: string, dir: string): string | null {
  const beside = path.join(dir, name);
  if (existsSync(beside)) return beside;
  const parts = dir.split(path.sep);
  const i = parts.lastIndexOf('dist');
  if (i >= 0) {
    const source = path.join([...parts.slice(0, i), ...parts.slice(i + 1)].join(path.sep), name);
    if (existsSync(source)) return source;
  }
  return null;
}
