import { createHmac, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto';
import type { DepartmentCode, WCertificate } from '../data/world';

/** Departments that issue certificates into the library, each with its own signing key. */
export const ISSUER_CODES: readonly DepartmentCode[] = [
  'public-security',
  'market-supervision',
  'health',
  'housing',
  'tax',
  'human-resources',
  'big-data-center',
  'service-center',
];

/** Seed the demo issuer keys are derived from, so every run publishes the same public keys. */
export const DEFAULT_ISSUER_KEY_SEED = 'owdl-big-data-center-issuer-keys-v1';

// PKCS#8 DER header of an Ed25519 private key (RFC 8410); the 32-byte seed follows it.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** An Ed25519 key pair whose 32-byte private seed is HMAC-SHA256(seed, label): the same on every run. */
export function deriveEd25519(seed: string, label: string): KeyPair {
  const raw = createHmac('sha256', seed).update(label).digest();
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, raw]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/**
 * The issuing departments' Ed25519 key pairs. In the real library each department signs
 * with a key held in its own HSM; the mock derives each key deterministically
 * (HMAC-SHA256(seed, "issuer:" + code) as the 32-byte private seed) so signatures and
 * published public keys are repeatable across runs and processes.
 */
export class IssuerKeyring {
  private readonly pairs = new Map<string, KeyPair>();

  constructor(private readonly seed: string = DEFAULT_ISSUER_KEY_SEED) {}

  has(code: string): boolean {
    return (ISSUER_CODES as readonly string[]).includes(code);
  }

  private pair(code: string): KeyPair {
    let pair = this.pairs.get(code);
    if (!pair) {
      pair = deriveEd25519(this.seed, `issuer:${code}`);
      this.pairs.set(code, pair);
    }
    return pair;
  }

  /** Base64 Ed25519 signature of the certificate's canonical payload by its issuer. */
  signCertificate(c: WCertificate): string {
    return sign(null, canonicalCertificatePayload(c), this.pair(c.issuer).privateKey).toString('base64');
  }

  publicKeyPem(code: string): string {
    return this.pair(code).publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  publicKeyJwk(code: string): Record<string, unknown> {
    return { ...this.pair(code).publicKey.export({ format: 'jwk' }), kid: code, alg: 'EdDSA', use: 'sig' };
  }
}

/**
 * What an issuer signs: the UTF-8 JSON of the certificate's issued fields with keys in
 * this fixed (alphabetical) order and no whitespace. `status` is left out on purpose:
 * expiry and revocation are recorded by the library after issue and must not invalidate
 * the issuer's signature over what it issued.
 */
export function canonicalCertificatePayload(c: WCertificate): Buffer {
  const fields = {
    holderId: c.holderId,
    holderType: c.holderType,
    id: c.id,
    issuerCode: c.issuer,
    number: c.number,
    title: c.title,
    type: c.type,
    validFrom: c.validFrom,
    validUntil: c.validUntil,
  };
  return Buffer.from(JSON.stringify(fields), 'utf8');
}
