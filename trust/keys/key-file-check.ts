import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDemoKid, type KeyFile } from './key-store';

/** The error a process starting in production with `problems` stops with: all of them, one per line. */
export function insecureSettingsError(problems: readonly string[]): Error {
  return new Error(
    `refusing to start: insecure production settings (NODE_ENV=production):\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}

/**
 * What is wrong with each of `files` for production, one sentence each naming the variable and the
 * path: missing, unreadable, not JSON, holding no key, or holding a demo key (`kid` starting
 * `demo-`, made by `npm start`). A file is the variable's value (relative to `cwd`), else `file`
 * under KEY_DIR or `.data/keys`.
 */
export function keyFileProblems(
  files: readonly KeyFile[],
  env: NodeJS.ProcessEnv,
  cwd: string = process.cwd(),
): string[] {
  const keyDir = path.resolve(cwd, env.KEY_DIR || '.data/keys');
  const problems: string[] = [];
  for (const { variable, file } of files) {
    const configured = env[variable];
    const where = configured ? path.resolve(cwd, configured) : path.join(keyDir, file);
    const problem = keyFileProblem(where);
    if (problem) problems.push(`${variable} ${where} ${problem}`);
  }
  return problems;
}

/** Why a key file will not do, or undefined when it holds keys and none of them is a demo key. */
function keyFileProblem(file: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'is missing';
    if (code) return `cannot be read (${code})`;
    return 'is not JSON';
  }
  const keys = Array.isArray((json as { keys?: unknown })?.keys)
    ? ((json as { keys: unknown[] }).keys as unknown[])
    : [json];
  const kids = keys.map((k) => (k as { kid?: unknown })?.kid);
  if (keys.length === 0 || keys.some((k) => typeof k !== 'object' || k === null)) return 'holds no key';
  const demo = kids.filter((kid) => typeof kid === 'string' && isDemoKid(kid));
  if (demo.length > 0)
    return `holds the demo key ${demo.join(', ')} (made by npm start; anyone with the repository can make its twin): configure real keys`;
  return undefined;
}
