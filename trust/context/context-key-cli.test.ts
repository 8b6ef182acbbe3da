import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { JSONWebKeySet, JWK } from 'jose';
import { contextKeyCli } from './context-key-cli';
import { deriveContextKey, generateContextSecret } from './context-keys';
import { contextSigner, contextVerifier } from './signed-context';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'context-key-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = contextKeyCli(args, env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function secretFile(name: string, jwk: JWK): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(jwk));
  return file;
}

const trust = { traceId: 'a'.repeat(32) } as never;

describe('npm run context-key', () => {
  it('makes a new secret whose subgraph key, written by --subgraph, verifies what the gateway signs', async () => {
    const made = run(['--new', '--kid', 'ctx-2026-12']);
    expect(made.code).toBe(0);
    const secret = JSON.parse(made.out) as JWK;
    expect(secret).toMatchObject({ kty: 'oct', kid: 'ctx-2026-12', alg: 'HS256', use: 'sig' });
    expect(Buffer.from(secret.k!, 'base64url')).toHaveLength(32);
    // The secret comes from CONTEXT_SIGNING_KEY_FILE when --secret is not given.
    const derived = run(['--subgraph', 'housing'], {
      CONTEXT_SIGNING_KEY_FILE: secretFile('s.json', secret),
    });
    expect(derived).toMatchObject({
      code: 0,
      err: 'context-key: the key set of subgraph housing, kid ctx-2026-12',
    });
    const keys = JSON.parse(derived.out) as JSONWebKeySet;
    expect(keys).toEqual({ keys: [deriveContextKey(secret, 'housing')] });
    const token = await (await contextSigner(secret))(trust, 'housing', 'h', 5);
    await expect(contextVerifier(keys, 'housing')(token, 'h')).resolves.toEqual(trust);
    // The housing key set opens housing alone.
    expect(() => contextVerifier(keys, 'tax')).toThrow('is subgraph "housing"\'s, not "tax"\'s');
  });

  it('writes one key per secret while a rotation runs, so both gateways’ contexts pass', async () => {
    const old = generateContextSecret('ctx-old');
    const next = generateContextSecret('ctx-new');
    const { code, out } = run([
      '--subgraph',
      'tax',
      '--secret',
      secretFile('old.json', old),
      '--secret',
      secretFile('new.json', next),
    ]);
    expect(code).toBe(0);
    const verify = contextVerifier(JSON.parse(out) as JSONWebKeySet, 'tax');
    for (const secret of [old, next])
      await expect(verify(await (await contextSigner(secret))(trust, 'tax', 'h', 5), 'h')).resolves.toEqual(
        trust,
      );
  });

  it.each([
    [['--subgraph', 'nowhere', '--secret', 'x'], 'unknown subgraph "nowhere"'],
    [['--new'], '--new needs --kid'],
    [['--new', '--kid', 'k', '--subgraph', 'tax'], 'give either --new or --subgraph'],
    [[], 'give either --new or --subgraph'],
    [['--bogus'], "Unknown option '--bogus'"],
    [
      ['--subgraph', 'tax', '--secret', '/nonexistent/secret.json'],
      'context secret file /nonexistent/secret.json cannot be read (ENOENT)',
    ],
  ])('refuses %j with exit code 2 and the reason', (args, reason) => {
    const { code, out, err } = run(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(reason);
    expect(err).toContain('npm run -s context-key -- --new --kid <key id>');
  });

  it("refuses a subgraph's key or a short key where the gateway's secret belongs", () => {
    const secret = generateContextSecret('ctx-1');
    const subgraphKey = secretFile('k.json', deriveContextKey(secret, 'health'));
    expect(run(['--subgraph', 'tax', '--secret', subgraphKey]).err).toContain(
      `context secret file ${subgraphKey} holds the key of subgraph "health", not the gateway's secret`,
    );
    const short = secretFile('short.json', { ...secret, k: Buffer.alloc(8).toString('base64url') });
    expect(run(['--subgraph', 'tax', '--secret', short]).err).toContain('is 8 bytes; a context key needs 32');
    const twice = secretFile('same.json', secret);
    expect(run(['--subgraph', 'tax', '--secret', twice, '--secret', twice]).err).toContain(
      'two secrets with one kid (ctx-1, ctx-1)',
    );
  });
});
