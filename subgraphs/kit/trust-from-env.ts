import { auditStoreFromEnv } from '../../trust/audit/open-audit-store';
import { contextVerifier } from '../../trust/context/signed-context';
import { loadContextKeys } from '../../trust/context/context-keys';
import { insecureSettingsError, keyFileProblems } from '../../trust/keys/key-file-check';
import { contextKeysFile, KEY_FILES, keyFileFromEnv } from '../../trust/keys/key-store';
import { loadPolicy } from '../../trust/policy/policy';
import type { SubgraphTrust } from './subgraph';
import type { ContextVerifier } from '../../trust/context/signed-context';

/**
 * A subgraph process's trust set-up from its environment: the access policy (OWDL_POLICY_FILE,
 * OWDL_PURPOSES_FILE), its own context keys (CONTEXT_VERIFY_KEYS_FILE, a JWKS of the keys derived
 * for this subgraph from the gateway's secret: trust/context/context-keys.ts),
 * and its audit writer: PostgreSQL when DATABASE_URL is set, else the SQLite file
 * AUDIT_SQLITE_PATH (default .data/audit.sqlite), with checkpoints signed by AUDIT_SIGNING_KEY_FILE.
 * With NODE_ENV=production it refuses, before opening anything, key files that are missing or hold
 * demo keys (made by `npm start`), naming every one.
 */
export async function subgraphTrustFromEnv(
  department: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SubgraphTrust & { verifyContext: ContextVerifier }> {
  const contextKeys = contextKeysFile(department);
  if (env.NODE_ENV === 'production') {
    const problems = keyFileProblems([contextKeys, KEY_FILES.auditKey], env);
    if (problems.length) throw insecureSettingsError(problems);
  }
  const audit = await auditStoreFromEnv(department, env);
  return {
    policy: loadPolicy({}, env),
    audit,
    verifyContext: contextVerifier(loadContextKeys(keyFileFromEnv(contextKeys, env)), department),
  };
}
