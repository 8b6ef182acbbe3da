import { createDecipheriv, verify, type KeyObject } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { deriveEd25519 } from '../../mocks/big-data-center/issuer-keys';
import { DEFAULT_SUISHENMA_KEY_SEED, SUISHENMA_KEY_ID } from '../../mocks/big-data-center/suishenma';
import {
  DEMO_SUISHENMA_VERIFIER_KEY,
  parseVerifierKey,
} from '../../mocks/big-data-center/suishenma-verifier-key';

/** The keys a Suishenma code is opened (AES-256-GCM) and checked (Ed25519) with. */
export interface SuishenmaKeys {
  verifierKey: KeyObject;
  signingKey: KeyObject;
}

/** The demo keys the stack's mocks issue codes under: the demo verifier key, the mock's Suishenma signing key. */
export function demoSuishenmaKeys(): SuishenmaKeys {
  return {
    verifierKey: parseVerifierKey(DEMO_SUISHENMA_VERIFIER_KEY, 'the demo verifier key').key,
    signingKey: deriveEd25519(DEFAULT_SUISHENMA_KEY_SEED, `suishenma:${SUISHENMA_KEY_ID}`).publicKey,
  };
}

/**
 * A Suishenma code taken apart with node:crypto alone, as the floor of what verifying it costs:
 * the compact JWE (`alg: dir`, `enc: A256GCM`) and the compact JWS (EdDSA over Ed25519) inside.
 */
export interface OpenedCode {
  /** The JWS's signing input (`header.payload`, ASCII), what the signature covers. */
  signingInput: Buffer;
  /** The raw 64-byte Ed25519 signature. */
  signature: Buffer;
}

/**
 * Decrypts a code (AES-256-GCM; the additional authenticated data is the JWE's protected header
 * as written, RFC 7516 §5.2) and splits the JWS inside. No JSON is parsed: this is the cipher's
 * and the curve's work only. Throws when the tag does not match.
 */
export function decryptCode(code: string, verifierKey: KeyObject): OpenedCode {
  const [header, , iv, ciphertext, tag] = code.split('.');
  const decipher = createDecipheriv('aes-256-gcm', verifierKey, Buffer.from(iv!, 'base64url'));
  decipher.setAAD(Buffer.from(header!, 'ascii'));
  decipher.setAuthTag(Buffer.from(tag!, 'base64url'));
  const jws = Buffer.concat([decipher.update(Buffer.from(ciphertext!, 'base64url')), decipher.final()]);
  const dot = jws.lastIndexOf(0x2e); // '.' before the signature
  return {
    signingInput: jws.subarray(0, dot),
    signature: Buffer.from(jws.subarray(dot + 1).toString('ascii'), 'base64url'),
  };
}

/** One Ed25519 signature check of an opened code (node:crypto, no JOSE library). */
export function verifyOpened(opened: OpenedCode, signingKey: KeyObject): boolean {
  return verify(null, opened.signingInput, signingKey, opened.signature);
}

/**
 * How many times a second `fn` runs on this thread, synchronously, over `ms` (after a tenth of
 * that as warm-up, so the JIT and OpenSSL's tables are ready). Blocks the event loop for the whole
 * time: run it while nothing else is measured.
 */
export function ratePerSecond(fn: () => unknown, ms = 1_000): number {
  const loop = (span: number) => {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < span) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
      now = performance.now();
    }
    return (n * 1000) / (now - start);
  };
  loop(ms / 10);
  return loop(ms);
}

/** The same for an async `fn`, awaited one at a time (what one event loop does for one caller). */
export async function asyncRatePerSecond(fn: () => Promise<unknown>, ms = 1_000): Promise<number> {
  const loop = async (span: number) => {
    let n = 0;
    const start = performance.now();
    let now = start;
    while (now - start < span) {
      for (let i = 0; i < 50; i++) await fn();
      n += 50;
      now = performance.now();
    }
    return (n * 1000) / (now - start);
  };
  await loop(ms / 10);
  return loop(ms);
}
