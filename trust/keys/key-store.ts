import { randomUUID } from 'node:crypto';
import { access, link, mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import { deriveContextKey, generateContextSecret, loadContextSecret } from '../context/context-keys';
import { readJsonFile } from './json-file';

/**
 * Where the demo keys live: `KEY_DIR`, or `.data/keys` under the working directory (gitignored).
 * Read once, when this module loads.
 */
export const DEFAULT_KEY_DIR = path.resolve(process.env.KEY_DIR ?? '.data/keys');

/** Key ids of demo keys start with this; production refuses any key whose `kid` does. */
export const DEMO_KID_PREFIX = 'demo-';

/** The files `ensureDemoKeys` guarantees: a private JWK and a public JWKS per key pair, the context secret and its subgraphs' keys. */
export interface DemoKeyPaths {
  /** The demo identity provider's token-signing key (kid `demo-issuer-1`); `npm run token` signs with it. */
  issuerPrivate: string;
  /** Its public half, the JWKS the gateway verifies tokens against by default (`AUTH_JWKS_FILE`). */
  issuerJwks: string;
  /** The gateway's secret for the context it sends subgraphs (kid `demo-context-2`; context-keys.ts). */
  contextSecret: string;
  /** Each subgraph's key derived from it (a JWKS, `context.<subgraph>.jwks.json`), by subgraph, for the names asked for. */
  contextKeys: Record<string, string>;
  /** The audit trail's checkpoint-signing key (kid `demo-audit-1`). */
  auditPrivate: string;
  /** Its public half, the JWKS `audit:verify` checks checkpoints against. */
  auditJwks: string;
}

/** One demo key pair: its files' base name and key id. */
const DEMO_KEYS = [
  { name: 'issuer', kid: 'demo-issuer-1' },
  { name: 'audit', kid: 'demo-audit-1' },
] as const;

/** The demo context secret's key id (`demo-context-1` was the Ed25519 key pair before contexts were HMACed). */
const DEMO_CONTEXT_KID = 'demo-context-2';

/** True for the key ids of keys `ensureDemoKeys` made (anyone with the repository can mint with them). */
export function isDemoKid(kid: string | undefined): boolean {
  return typeof kid === 'string' && kid.startsWith(DEMO_KID_PREFIX);
}

/**
 * A fresh Ed25519 (EdDSA) signing key pair as JWKs, both carrying `kid`, `alg: EdDSA` and `use: sig`
 * (jose's JWKS matching then never offers the key for another algorithm).
 */
export async function generateKeyPairJwk(kid: string): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA', use: 'sig' };
  return { privateJwk, publicJwk: publicHalf(privateJwk) };
}

/** The public JWK of a private one: every member but the private parameters. */
function publicHalf(jwk: JWK): JWK {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, oth: _oth, k: _k, ...pub } = jwk;
  return pub;
}

/**
 * Creates the demo keys under `dir` unless they are there already, and returns their paths: the key
 * pairs, the context secret, and the context key of each subgraph named in `contextAudiences`.
 * Safe to call from several processes at once (`npm start` starts the gateway and eight subgraphs):
 * each file is written whole to a temporary name and then hard-linked into place, which fails if the
 * file exists, so a reader never sees half a file and the first writer's key wins. Every process then
 * reads the key back from disk, so all of them use the same one. Private files get mode 0600.
 */
export async function ensureDemoKeys(
  dir: string = DEFAULT_KEY_DIR,
  contextAudiences: readonly string[] = [],
): Promise<DemoKeyPaths> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const paths: Record<string, string> = {};
  for (const { name, kid } of DEMO_KEYS) {
    const privateFile = path.join(dir, `${name}.private.jwk.json`);
    const jwksFile = path.join(dir, `${name}.jwks.json`);
    if (!(await exists(privateFile))) {
      const { privateJwk } = await generateKeyPairJwk(kid);
      await writeIfAbsent(privateFile, json(privateJwk), 0o600);
    }
    // Whoever won the race, derive the public half from the private key that is on disk now.
    const privateJwk = loadPrivateJwk(privateFile);
    const jwks: JSONWebKeySet = { keys: [publicHalf(privateJwk)] };
    await writeIfAbsent(jwksFile, json(jwks), 0o644);
    const onDisk = loadJwks(jwksFile);
    if (!onDisk.keys.some((k) => k.kid === privateJwk.kid && k.x === privateJwk.x))
      throw new Error(
        `${jwksFile} does not hold the public key of ${privateFile} (kid ${privateJwk.kid}); ` +
          'delete both files to make a new demo key',
      );
    paths[`${name}Private`] = privateFile;
    paths[`${name}Jwks`] = jwksFile;
  }
  const contextSecret = path.join(dir, KEY_FILES.contextSecret.file);
  if (!(await exists(contextSecret)))
    await writeIfAbsent(contextSecret, json(generateContextSecret(DEMO_CONTEXT_KID)), 0o600);
  const secret = loadContextSecret(contextSecret);
  const contextKeys: Record<string, string> = {};
  for (const audience of contextAudiences) {
    contextKeys[audience] = path.join(dir, contextKeysFile(audience).file);
    // Derived again on every start, so a key file always matches the secret on disk; written whole
    // and renamed into place, so a subgraph starting meanwhile never reads half of it.
    const tmp = `${contextKeys[audience]}.${process.pid}.${randomUUID()}.tmp`;
    await writeFile(tmp, json({ keys: [deriveContextKey(secret, audience)] }), { mode: 0o600 });
    await rename(tmp, contextKeys[audience]);
  }
  return { ...paths, contextSecret, contextKeys } as DemoKeyPaths;
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Writes `content` to `file` in one step unless `file` exists; an existing file is kept as it is. */
async function writeIfAbsent(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(tmp, content, { mode, flag: 'wx' });
  try {
    await link(tmp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads a public JWK Set (`{ "keys": [...] }`). Refuses, naming the file, a set without keys, a key
 * without `kty` or `kid`, two keys with one `kid` (a token could then pick either), a symmetric (`oct`)
 * key, and private key material: a verifier's key set must never hold anything that can sign.
 */
export function loadJwks(file: string): JSONWebKeySet {
  const set = readJsonFile(file, 'JWKS file');
  if (!isObject(set) || !Array.isArray(set.keys) || set.keys.length === 0)
    throw new Error(`JWKS file ${file} must be {"keys": [...]} with at least one key`);
  const kids = new Set<string>();
  set.keys.forEach((key: unknown, i: number) => {
    if (!isObject(key) || typeof key.kty !== 'string')
      throw new Error(`JWKS file ${file}: key ${i} is not a JWK (no "kty")`);
    if (typeof key.kid !== 'string' || key.kid === '')
      throw new Error(`JWKS file ${file}: key ${i} has no "kid"`);
    if (kids.has(key.kid)) throw new Error(`JWKS file ${file}: kid "${key.kid}" appears twice`);
    kids.add(key.kid);
    if (key.kty === 'oct')
      throw new Error(
        `JWKS file ${file}: key "${key.kid}" is a symmetric (oct) key; only public keys belong here`,
      );
    if ('d' in key) throw new Error(`JWKS file ${file}: key "${key.kid}" holds a private key ("d")`);
  });
  return set as unknown as JSONWebKeySet;
}

/** Reads a private signing JWK; refuses, naming the file, one without its private part `d` or a `kid`. */
export function loadPrivateJwk(file: string): JWK {
  const jwk = readJsonFile(file, 'private key file');
  if (!isObject(jwk) || typeof jwk.kty !== 'string')
    throw new Error(`private key file ${file} is not a JWK (no "kty")`);
  if (typeof jwk.d !== 'string' || jwk.d === '')
    throw new Error(`private key file ${file} holds no private key ("d")`);
  if (typeof jwk.kid !== 'string' || jwk.kid === '') throw new Error(`private key file ${file} has no "kid"`);
  return jwk as JWK;
}

/** A key file a process needs: the variable that names it, and its file under the key folder otherwise. */
export interface KeyFile {
  variable: string;
  file: string;
}

/** The key files of the data layer, each with its variable and its default (demo) file. */
export const KEY_FILES = {
  /** The identity provider's public keys the gateway verifies tokens with. */
  issuerJwks: { variable: 'AUTH_JWKS_FILE', file: 'issuer.jwks.json' },
  /** The gateway's context secret (trust/context/context-keys.ts). */
  contextSecret: { variable: 'CONTEXT_SIGNING_KEY_FILE', file: 'context.secret.jwk.json' },
  /** The audit trail's checkpoint-signing key. */
  auditKey: { variable: 'AUDIT_SIGNING_KEY_FILE', file: 'audit.private.jwk.json' },
} as const satisfies Record<string, KeyFile>;

/** A subgraph's context key set: the keys derived for it from the gateway's secret. */
export function contextKeysFile(subgraph: string): KeyFile {
  return { variable: 'CONTEXT_VERIFY_KEYS_FILE', file: `context.${subgraph}.jwks.json` };
}

/** A key file named by its environment variable, else its file in DEFAULT_KEY_DIR. */
export function keyFileFromEnv(key: KeyFile, env: NodeJS.ProcessEnv = process.env): string {
  return env[key.variable] ?? path.join(DEFAULT_KEY_DIR, key.file);
}
