import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { GOLDEN } from '../../mocks/data/golden';
import { generateContextSecret } from '../../trust/context/context-keys';
import { generateKeyPairJwk } from '../../trust/keys/key-store';
import { runGatewayProcess, stackGatewayEnv } from '../helpers/gateway-process';
import { startStack, type Stack } from '../helpers/stack';
import { TEST_PURPOSE } from '../helpers/trust';

describe('start-up refuses insecure production settings', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'owdl-startup-'));
  let demo: Record<string, string>;
  beforeAll(async () => {
    const write = async (name: string, kid: string, pub: boolean) => {
      const { privateJwk, publicJwk } = await generateKeyPairJwk(kid);
      const f = path.join(dir, name);
      writeFileSync(f, JSON.stringify(pub ? { keys: [publicJwk] } : privateJwk));
      return f;
    };
    writeFileSync(
      path.join(dir, 'context.secret.jwk.json'),
      JSON.stringify(generateContextSecret('demo-context-2')),
    );
    demo = {
      AUTH_JWKS_FILE: await write('issuer.jwks.json', 'demo-issuer-1', true),
      CONTEXT_SIGNING_KEY_FILE: path.join(dir, 'context.secret.jwk.json'),
      AUDIT_SIGNING_KEY_FILE: await write('audit.private.jwk.json', 'demo-audit-1', false),
      AUDIT_SQLITE_PATH: path.join(dir, 'audit.sqlite'),
    };
  });

  it('stops a production gateway holding the demo keys, naming each', async () => {
    const run = await runGatewayProcess({ ...demo, NODE_ENV: 'production' });
    expect(run.url).toBeUndefined();
    expect(run.code).toBe(1);
    expect(run.output()).toContain('demo-issuer-1');
    expect(run.output()).toContain('demo-context-2');
    expect(run.output()).toContain('demo-audit-1');
  }, 30_000);

  it('stops a production gateway asked to run without authentication', async () => {
    const run = await runGatewayProcess({ ...demo, NODE_ENV: 'production', OWDL_INSECURE_NO_AUTH: '1' });
    expect(run.code).toBe(1);
    expect(run.output()).toContain('OWDL_INSECURE_NO_AUTH');
  }, 30_000);
});

describe('the development flag OWDL_INSECURE_NO_AUTH', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ people: 20 });
  }, 60_000);
  afterAll(() => stack?.close());

  it('lets a local gateway answer without a token, acting as one fixed officer, and says so loudly', async () => {
    const run = await runGatewayProcess({
      ...stackGatewayEnv(stack),
      ...stack.trust.gatewayProcessEnv,
      NODE_ENV: 'development',
      OWDL_INSECURE_NO_AUTH: '1',
    });
    try {
      expect(run.output()).toContain('AUTHENTICATION IS OFF');
      const res = await request(run.url!, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-purpose': TEST_PURPOSE },
        body: JSON.stringify({ query: `{ person(id: "${GOLDEN.liNa}") { name } }` }),
      });
      expect(await res.body.json()).toEqual({ data: { person: { name: '李娜' } } });
      const [record] = await stack.audit.query({ actor: 'insecure-developer', kind: 'request' });
      expect(record).toMatchObject({ role: 'OFFICER', purpose: TEST_PURPOSE, outcome: 'returned' });
    } finally {
      run.proc.kill('SIGKILL');
    }
  }, 30_000);
});
