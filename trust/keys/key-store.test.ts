import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import {
  ensureDemoKeys,
  generateKeyPairJwk,
  isDemoKid,
  loadJwks,
  loadPrivateJwk,
  type DemoKeyPaths,
} from './key-store';
import { deriveContextKey, loadContextKeys, loadContextSecret } from '../context/context-keys';
import { contextSigner, contextVerifier } from '../context/signed-context';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function contents(paths: DemoKeyPaths): Record<string, string> {
  const { contextKeys, ...files } = paths;
  return Object.fromEntries(
    [...Object.entries(files), ...Object.entries(contextKeys)].map(([k, f]) => [k, readFileSync(f, 'utf8')]),
  );
}

describe('ensureDemoKeys', () => {
  it('creates the demo key pairs with their kids, private files readable by the owner only', async () => {
    const paths = await ensureDemoKeys(dir);
    expect(paths).toEqual({
      issuerPrivate: path.join(dir, 'issuer.private.jwk.json'),
      issuerJwks: path.join(dir, 'issuer.jwks.json'),
      auditPrivate: path.join(dir, 'audit.private.jwk.json'),
      auditJwks: path.join(dir, 'audit.jwks.json'),
      contextSecret: path.join(dir, 'context.secret.jwk.json'),
      contextKeys: {},
    });
    for (const [name, kid] of [
      ['issuer', 'demo-issuer-1'],
      ['audit', 'demo-audit-1'],
    ] as const) {
      const privateJwk = loadPrivateJwk(paths[`${name}Private`]);
      const jwks = loadJwks(paths[`${name}Jwks`]);
      expect(privateJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', kid, alg: 'EdDSA', use: 'sig' });
      const { d: _d, ...publicPart } = privateJwk;
      expect(jwks).toEqual({ keys: [publicPart] });
      expect(statSync(paths[`${name}Private`]).mode & 0o777).toBe(0o600);
    }
  });

  it('makes the context secret and, for the subgraphs named, the key derived for each', async () => {
    const paths = await ensureDemoKeys(dir, ['health', 'tax']);
    const secret = loadContextSecret(paths.contextSecret);
    expect(secret).toMatchObject({ kty: 'oct', kid: 'demo-context-2', alg: 'HS256', use: 'sig' });
    expect(Buffer.from(secret.k!, 'base64url')).toHaveLength(32);
    expect(statSync(paths.contextSecret).mode & 0o777).toBe(0o600);
    expect(paths.contextKeys).toEqual({
      health: path.join(dir, 'context.health.jwks.json'),
      tax: path.join(dir, 'context.tax.jwks.json'),
    });
    for (const audience of ['health', 'tax']) {
      expect(loadContextKeys(paths.contextKeys[audience]!)).toEqual({
        keys: [deriveContextKey(secret, audience)],
      });
      expect(statSync(paths.contextKeys[audience]!).mode & 0o777).toBe(0o600);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    // A context the gateway signs with the secret passes the subgraph's check with its file.
    const sign = await contextSigner(secret);
    const verify = contextVerifier(loadContextKeys(paths.contextKeys.tax!), 'tax');
    const trust = { traceId: 't' } as never;
    await expect(verify(await sign(trust, 'tax', 'h', 5), 'h')).resolves.toEqual(trust);
  });

  it('keeps the keys it finds: a second call changes nothing', async () => {
    const first = contents(await ensureDemoKeys(dir, ['health']));
    const second = contents(await ensureDemoKeys(dir, ['health']));
    expect(second).toEqual(first);
  });

  it('gives two concurrent callers one key set, with no temporary file left behind', async () => {
    const [a, b] = await Promise.all([ensureDemoKeys(dir), ensureDemoKeys(dir)]);
    expect(contents(a)).toEqual(contents(b));
    const key = loadPrivateJwk(a.issuerPrivate);
    expect(loadJwks(a.issuerJwks).keys.map((k) => k.x)).toEqual([key.x]);
    expect(readdirSync(dir).sort()).toEqual([
      'audit.jwks.json',
      'audit.private.jwk.json',
      'context.secret.jwk.json',
      'issuer.jwks.json',
      'issuer.private.jwk.json',
    ]);
  });

  it('rebuilds a deleted public key set from the private key', async () => {
    const paths = await ensureDemoKeys(dir);
    const before = readFileSync(paths.auditJwks, 'utf8');
    unlinkSync(paths.auditJwks);
    await ensureDemoKeys(dir);
    expect(readFileSync(paths.auditJwks, 'utf8')).toBe(before);
  });

  it('refuses a public key set that does not match the private key', async () => {
    const paths = await ensureDemoKeys(dir);
    const other = await generateKeyPairJwk('demo-issuer-1');
    writeFileSync(paths.issuerJwks, JSON.stringify({ keys: [other.publicJwk] }));
    await expect(ensureDemoKeys(dir)).rejects.toThrow(
      `${paths.issuerJwks} does not hold the public key of ${paths.issuerPrivate} (kid demo-issuer-1)`,
    );
  });
});

describe('generateKeyPairJwk', () => {
  it('makes an Ed25519 pair whose public half verifies what the private half signs', async () => {
    const { privateJwk, publicJwk } = await generateKeyPairJwk('idp-1');
    expect(publicJwk).toEqual({
      kty: 'OKP',
      crv: 'Ed25519',
      x: privateJwk.x,
      kid: 'idp-1',
      alg: 'EdDSA',
      use: 'sig',
    });
    const jwt = await new SignJWT({ a: 1 })
      .setProtectedHeader({ alg: 'EdDSA' })
      .sign(await importJWK(privateJwk, 'EdDSA'));
    const { payload } = await jwtVerify(jwt, await importJWK(publicJwk, 'EdDSA'));
    expect(payload).toEqual({ a: 1 });
  });
});

describe('loadJwks', () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('names a missing file', () => {
    const file = path.join(dir, 'absent.json');
    expect(() => loadJwks(file)).toThrow(`JWKS file ${file} cannot be read (ENOENT)`);
  });

  it('names a file that is not JSON', () => {
    const file = write('bad.json', '{"keys": [');
    expect(() => loadJwks(file)).toThrow(`JWKS file ${file} is not valid JSON`);
  });

  it('refuses a set without keys', () => {
    const file = write('empty.json', '{"keys": []}');
    expect(() => loadJwks(file)).toThrow(`JWKS file ${file} must be {"keys": [...]} with at least one key`);
  });

  it('refuses a key without kid, a kid used twice, a symmetric key and a private key', async () => {
    const { privateJwk, publicJwk } = await generateKeyPairJwk('k1');
    const { kid: _kid, ...noKid } = publicJwk;
    const cases: [unknown[], string][] = [
      [[noKid], 'key 0 has no "kid"'],
      [[publicJwk, { ...publicJwk }], 'kid "k1" appears twice'],
      [
        [{ kty: 'oct', k: 'c2VjcmV0', kid: 'h1' }],
        'key "h1" is a symmetric (oct) key; only public keys belong here',
      ],
      [[privateJwk], 'key "k1" holds a private key ("d")'],
    ];
    for (const [keys, why] of cases) {
      const file = write('set.json', JSON.stringify({ keys }));
      expect(() => loadJwks(file)).toThrow(`JWKS file ${file}: ${why}`);
    }
  });
});

describe('loadPrivateJwk', () => {
  it('refuses a key without its private part or without a kid, naming the file', async () => {
    const { privateJwk, publicJwk } = await generateKeyPairJwk('k1');
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify(publicJwk));
    expect(() => loadPrivateJwk(file)).toThrow(`private key file ${file} holds no private key ("d")`);
    const { kid: _kid, ...noKid } = privateJwk;
    writeFileSync(file, JSON.stringify(noKid));
    expect(() => loadPrivateJwk(file)).toThrow(`private key file ${file} has no "kid"`);
    writeFileSync(file, 'null');
    expect(() => loadPrivateJwk(file)).toThrow(`private key file ${file} is not a JWK (no "kty")`);
  });
});

describe('isDemoKid', () => {
  it('is true only for kids starting with demo-', () => {
    expect([
      isDemoKid('demo-issuer-1'),
      isDemoKid('idp-2025'),
      isDemoKid('x-demo-1'),
      isDemoKid(undefined),
    ]).toEqual([true, false, false, false]);
  });
});
