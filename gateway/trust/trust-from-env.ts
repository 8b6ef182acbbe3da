import path from 'node:path';
import { openAuditStore } from '../../trust/audit/open-audit-store';
import { authConfigFromEnv } from '../../trust/auth/auth-config';
import { createAuthenticator } from '../../trust/auth/authenticate';
import { contextSigner } from '../../trust/context/signed-context';
import { DEFAULT_KEY_DIR, loadPrivateJwk } from '../../trust/keys/key-store';
import { loadPolicy } from '../../trust/policy/policy';
import type { GatewayTrust } from '../server';
import { warnInsecure } from './request-trust';

/**
 * The gateway process's trust set-up from its environment: token verification (AUTH_*), the
 * context-signing key (CONTEXT_SIGNING_KEY_FILE), the policy, and its audit writer (DATABASE_URL
 * or AUDIT_SQLITE_PATH). Insecure production settings were refused before (gateway/limits/hardening.ts).
 * OWDL_INSECURE_NO_AUTH=1 turns authentication off for local work, loudly; never the default.
 */
export async function gatewayTrustFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<GatewayTrust> {
  const keyFile = (variable: string, file: string) => env[variable] ?? path.join(DEFAULT_KEY_DIR, file);
  const insecure = env.OWDL_INSECURE_NO_AUTH === '1' || env.OWDL_INSECURE_NO_AUTH === 'true';
  if (insecure) warnInsecure();
  return {
    policy: loadPolicy({}, env),
    authenticator: insecure ? null : createAuthenticator(authConfigFromEnv(env)),
    signer: await contextSigner(
      loadPrivateJwk(keyFile('CONTEXT_SIGNING_KEY_FILE', 'context.private.jwk.json')),
    ),
    audit: await openAuditStore({
      department: 'gateway',
      databaseUrl: env.DATABASE_URL,
      pgSchema: env.AUDIT_PG_SCHEMA,
      sqlitePath: env.AUDIT_SQLITE_PATH,
      signingKey: loadPrivateJwk(keyFile('AUDIT_SIGNING_KEY_FILE', 'audit.private.jwk.json')),
    }),
  };
}
