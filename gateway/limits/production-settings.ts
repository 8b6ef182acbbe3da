import { insecureSettingsError, keyFileProblems } from '../../trust/keys/key-file-check';
import { KEY_FILES } from '../../trust/keys/key-store';

/** The key files a gateway needs, which production checks. */
const GATEWAY_KEY_FILES = [KEY_FILES.issuerJwks, KEY_FILES.contextSecret, KEY_FILES.auditKey];

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
  problems.push(
    ...keyFileProblems(
      GATEWAY_KEY_FILES.filter(
        (k) => !(k === KEY_FILES.issuerJwks && !env.AUTH_JWKS_FILE && env.AUTH_JWKS_URL),
      ),
      env,
      cwd,
    ),
  );
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

/**
 * Throws one Error listing every problem checkProductionSettings finds, so start-up refuses to
 * run an insecure production configuration and the operator fixes it all in one pass.
 */
export function assertProductionSettings(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): void {
  const problems = checkProductionSettings(env, cwd);
  if (problems.length === 0) return;
  throw insecureSettingsError(problems);
}
