import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isDemoKid } from '../../trust/keys/key-store';

/** The key files production checks: the variable that names each, and its file under the key folder. */
const KEY_FILES = [
  { variable: 'AUTH_JWKS_FILE', file: 'issuer.jwks.json' },
  { variable: 'CONTEXT_SIGNING_KEY_FILE', file: 'context.secret.jwk.json' },
  { variable: 'AUDIT_SIGNING_KEY_FILE', file: 'audit.private.jwk.json' },
] as const;

/**
 * What is insecure about `env` for production, one sentence each naming the variable; empty when
 * nothing is, or when NODE_ENV is not `production` (development may use the demo keys and the
 * development flag). Checked:
 * - OWDL_INSECURE_NO_AUTH set at all (authentication off);
 * - a key file (AUTH_JWKS_FILE, CONTEXT_SIGNING_KEY_FILE, AUDIT_SIGNING_KEY_FILE, each defaulting to
 *   its file under KEY_DIR or `.data/keys`, relative to `cwd`) that is missing, unreadable, holds no
 *   key, or holds a demo key (`kid` starting `demo-`, from `npm start`; anyone with the repository
 *   can make its twin). AUTH_JWKS_FILE is not looked for when AUTH_JWKS_URL names the keys instead;
 * - GATEWAY_INTROSPECTION=on;
 * - AUTH_JWKS_URL not https (keys fetched in clear can be swapped on the way);
 * - AUTH_ALGORITHMS naming `none` or an HS* algorithm.
 */
export function checkProductionSettings(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): string[] {
  if (env.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (env.OWDL_INSECURE_NO_AUTH)
    problems.push(
      `OWDL_INSECURE_NO_AUTH is set (${JSON.stringify(env.OWDL_INSECURE_NO_AUTH)}): authentication must never be off in production; unset it`,
    );
  const keyDir = path.resolve(cwd, env.KEY_DIR || '.data/keys');
  for (const { variable, file } of KEY_FILES) {
    if (variable === 'AUTH_JWKS_FILE' && !env.AUTH_JWKS_FILE && env.AUTH_JWKS_URL) continue;
    const configured = env[variable];
    const where = configured ? path.resolve(cwd, configured) : path.join(keyDir, file);
    const problem = keyFileProblem(where);
    if (problem) problems.push(`${variable} ${where} ${problem}`);
  }
  if (env.GATEWAY_INTROSPECTION === 'on')
    problems.push('GATEWAY_INTROSPECTION=on hands the whole schema to anyone; turn it off in production');
  if (env.AUTH_JWKS_URL && !env.AUTH_JWKS_URL.startsWith('https://'))
    problems.push(
      `AUTH_JWKS_URL must be an https URL in production (keys fetched in clear can be swapped): ${env.AUTH_JWKS_URL.slice(0, 200)}`,
    );
  const weak = (env.AUTH_ALGORITHMS ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a.toLowerCase() === 'none' || /^HS/i.test(a));
  if (weak.length > 0)
    problems.push(
      `AUTH_ALGORITHMS must not include ${weak.join(', ')}: unsigned or symmetric tokens can be minted by anyone holding the verifier's secret, or by anyone at all`,
    );
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

/**
 * Throws one Error listing every problem checkProductionSettings finds, so start-up refuses to
 * run an insecure production configuration and the operator fixes it all in one pass.
 */
export function assertProductionSettings(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): void {
  const problems = checkProductionSettings(env, cwd);
  if (problems.length === 0) return;
  throw new Error(
    `refusing to start: insecure production settings (NODE_ENV=production):\n${problems.map((p) => `- ${p}`).join('\n')}`,
  );
}
