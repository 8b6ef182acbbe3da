import { auditStoreFromEnv } from '../../trust/audit/open-audit-store';
import { authConfigFromEnv } from '../../trust/auth/auth-config';
import { createAuthenticator } from '../../trust/auth/authenticate';
import { contextSigner } from '../../trust/context/signed-context';
import { loadContextSecret } from '../../trust/context/context-keys';
import { KEY_FILES, keyFileFromEnv } from '../../trust/keys/key-store';
import { loadPolicy } from '../../trust/policy/policy';
import type { GatewayTrust } from '../server';
import { warnInsecure } from './request-trust';

/**
 * The gateway process's trust set-up from its environment: token verification (AUTH_*), the
 * context secret (CONTEXT_SIGNING_KEY_FILE, trust/context/context-keys.ts), the policy, and its audit writer (DATABASE_URL
 * or AUDIT_SQLITE_PATH). Insecure production settings were refused before (gateway/limits/hardening.ts).
 * OWDL_INSECURE_NO_AUTH=1 turns authentication off for local work, loudly; never the default.
 */
export async function gatewayTrustFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<GatewayTrust> {
  const insecure = env.OWDL_INSECURE_NO_AUTH === '1' || env.OWDL_INSECURE_NO_AUTH === 'true';
  if (insecure) warnInsecure();
  return {
    policy: loadPolicy({}, env),
    authenticator: insecure ? null : createAuthenticator(authConfigFromEnv(env)),
    signer: await contextSigner(loadContextSecret(keyFileFromEnv(KEY_FILES.contextSecret, env))),
    audit: await auditStoreFromEnv('gateway', env),
  };
}
