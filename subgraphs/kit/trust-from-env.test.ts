import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contextSigner } from '../../trust/context/signed-context';
import { loadContextSecret } from '../../trust/context/context-keys';
import { ensureDemoKeys } from '../../trust/keys/key-store';
import { subgraphTrustFromEnv } from './trust-from-env';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'subgraph-trust-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('subgraphTrustFromEnv', () => {
  it('in development, takes the demo keys and checks the contexts the demo secret signs', async () => {
    const keys = await ensureDemoKeys(path.join(dir, 'keys'), ['health']);
    const trust = await subgraphTrustFromEnv('health', {
      KEY_DIR: path.join(dir, 'keys'),
      CONTEXT_VERIFY_KEYS_FILE: keys.contextKeys.health,
      AUDIT_SIGNING_KEY_FILE: keys.auditPrivate,
      AUDIT_SQLITE_PATH: path.join(dir, 'audit.sqlite'),
    });
    try {
      const sign = await contextSigner(loadContextSecret(keys.contextSecret));
      const context = { traceId: 'a'.repeat(32) } as never;
      await expect(trust.verifyContext(await sign(context, 'health', 'h', 5), 'h')).resolves.toEqual(context);
    } finally {
      await trust.audit.close();
    }
  });

  it('in production, refuses demo keys and missing key files before opening the audit store, naming each', async () => {
    const keys = await ensureDemoKeys(path.join(dir, 'keys'), ['health']);
    const audit = path.join(dir, 'audit.sqlite');
    await expect(
      subgraphTrustFromEnv('health', {
        NODE_ENV: 'production',
        CONTEXT_VERIFY_KEYS_FILE: keys.contextKeys.health,
        AUDIT_SIGNING_KEY_FILE: path.join(dir, 'nowhere.jwk.json'),
        AUDIT_SQLITE_PATH: audit,
      }),
    ).rejects.toThrow(
      'refusing to start: insecure production settings (NODE_ENV=production):\n' +
        `- CONTEXT_VERIFY_KEYS_FILE ${keys.contextKeys.health} holds the demo key demo-context-2 (made by npm start; anyone with the repository can make its twin): configure real keys\n` +
        `- AUDIT_SIGNING_KEY_FILE ${path.join(dir, 'nowhere.jwk.json')} is missing`,
    );
    expect(existsSync(audit)).toBe(false);
  });
});
