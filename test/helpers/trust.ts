import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';
import { openAuditStore } from '../../trust/audit/open-audit-store';
import type { WritableAuditStore } from '../../trust/audit/reader';
import { DEMO_AUDIENCE, DEMO_ISSUER } from '../../trust/auth/auth-config';
import { createAuthenticator } from '../../trust/auth/authenticate';
import { mintToken, type TokenClaims } from '../../trust/auth/mint';
import { deriveContextKey, generateContextSecret } from '../../trust/context/context-keys';
import { contextSigner, contextVerifier, type ContextSigner } from '../../trust/context/signed-context';
import { generateKeyPairJwk } from '../../trust/keys/key-store';
import {
  DEFAULT_POLICY_FILE,
  DEFAULT_PURPOSES_FILE,
  loadPolicy,
  type AccessPolicy,
} from '../../trust/policy/policy';
import type { GatewayTrust } from '../../gateway/server';
import type { SubgraphTrust } from '../../subgraphs/kit/subgraph';
import type { ContextVerifier } from '../../trust/context/signed-context';

/** The policy with the test-only purpose E2E-TEST (officers of any department read everything). */
export function testPolicy(): AccessPolicy {
  return loadPolicy({
    policyFile: DEFAULT_POLICY_FILE,
    purposesFiles: [DEFAULT_PURPOSES_FILE, path.join(__dirname, 'test-purposes.json')],
  });
}

/** The caller of the suites written before access control: a window officer reading for E2E-TEST. */
export const TEST_OFFICER: TokenClaims = {
  role: 'officer',
  sub: 'officer-e2e',
  department: 'service-center',
  window: 'A-01',
};
export const TEST_PURPOSE = 'E2E-TEST';

export interface TestTrust {
  policy: AccessPolicy;
  issuerKey: JWK;
  auditPublicJwks: { keys: JWK[] };
  /** The gateway's context secret (trust/context/context-keys.ts). */
  contextSecret: JWK;
  signer: ContextSigner;
  gateway: (audit: WritableAuditStore) => GatewayTrust;
  subgraph: (
    department: string,
    audit: WritableAuditStore,
  ) => SubgraphTrust & { verifyContext: ContextVerifier };
  openAudit: (department: string) => Promise<WritableAuditStore>;
  token: (claims: TokenClaims, ttlSeconds?: number) => Promise<string>;
  /** The environment a gateway process needs to join this stack (key files, audit trail; no demo keys). */
  gatewayProcessEnv: Record<string, string>;
  /**
   * The environment subgraph process `name` (`node dist/subgraphs/<name>/index.js`) needs to join
   * this stack: its context key (a JWKS file of the key derived for it), the audit trail and its
   * checkpoint key (the gateway's, so every chain lands in the one store), and the test purposes of
   * testPolicy().
   */
  subgraphProcessEnv: (name: string) => Record<string, string>;
}

/**
 * Fresh keys for one test stack (identity provider, gateway context, audit checkpoints),
 * written as files in `dir` the way a deployment holds them, and the audit trail in `dir`
 * (SQLite) or in its own PostgreSQL schema.
 */
export async function testTrust(
  dir: string,
  db: { databaseUrl?: string; pgSchema?: string } = {},
): Promise<TestTrust> {
  const [issuer, audit] = await Promise.all([
    generateKeyPairJwk('test-issuer-1'),
    generateKeyPairJwk('test-audit-1'),
  ]);
  const contextSecret = generateContextSecret('test-context-2');
  const jwksFile = path.join(dir, 'issuer.jwks.json');
  writeFileSync(jwksFile, JSON.stringify({ keys: [issuer.publicJwk] }));
  const file = (name: string, jwk: JWK) => {
    const f = path.join(dir, name);
    writeFileSync(f, JSON.stringify(jwk), { mode: 0o600 });
    return f;
  };
  // What gateway and subgraph processes share: the audit trail, its checkpoint key, the purposes.
  const auditAndPolicyEnv: Record<string, string> = {
    AUDIT_SIGNING_KEY_FILE: file('audit.private.jwk.json', audit.privateJwk),
    // testPolicy(): the shipped policy and purposes (no OWDL_POLICY_FILE / OWDL_PURPOSES_FILE) plus these.
    OWDL_EXTRA_PURPOSES_FILE: path.join(__dirname, 'test-purposes.json'),
    ...(db.databaseUrl
      ? { DATABASE_URL: db.databaseUrl, AUDIT_PG_SCHEMA: db.pgSchema ?? 'audit' }
      : // Empty, not absent: a DATABASE_URL the tests run under must not send the process's trail elsewhere.
        { AUDIT_SQLITE_PATH: path.join(dir, 'audit.sqlite'), DATABASE_URL: '' }),
  };
  const gatewayProcessEnv: Record<string, string> = {
    AUTH_JWKS_FILE: jwksFile,
    AUTH_ALGORITHMS: 'EdDSA',
    CONTEXT_SIGNING_KEY_FILE: file('context.secret.jwk.json', contextSecret),
    ...auditAndPolicyEnv,
  };
  const contextKeys = (department: string) => ({ keys: [deriveContextKey(contextSecret, department)] });
  const subgraphProcessEnv = (name: string): Record<string, string> => {
    const contextKeysFile = path.join(dir, `context.${name}.jwks.json`);
    writeFileSync(contextKeysFile, JSON.stringify(contextKeys(name)), { mode: 0o600 });
    return { CONTEXT_VERIFY_KEYS_FILE: contextKeysFile, ...auditAndPolicyEnv };
  };
  const policy = testPolicy();
  const signer = await contextSigner(contextSecret);
  const authenticator = createAuthenticator({
    issuer: DEMO_ISSUER,
    audience: DEMO_AUDIENCE,
    algorithms: ['EdDSA'],
    jwksFile,
    clockToleranceSec: 5,
  });
  const openAudit = (department: string) =>
    openAuditStore({
      department,
      signingKey: audit.privateJwk,
      ...(db.databaseUrl
        ? { databaseUrl: db.databaseUrl, pgSchema: db.pgSchema }
        : { sqlitePath: path.join(dir, 'audit.sqlite') }),
    }) as Promise<WritableAuditStore>;
  return {
    policy,
    issuerKey: issuer.privateJwk,
    auditPublicJwks: { keys: [audit.publicJwk] },
    contextSecret,
    signer,
    gateway: (store) => ({ policy, authenticator, signer, audit: store }),
    subgraph: (department, store) => ({
      policy,
      audit: store,
      verifyContext: contextVerifier(contextKeys(department), department),
    }),
    openAudit,
    token: (claims, ttlSeconds) => mintToken(claims, { privateJwk: issuer.privateJwk, ttlSeconds }),
    gatewayProcessEnv,
    subgraphProcessEnv,
  };
}
