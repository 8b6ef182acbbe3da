import { CompactSign, compactVerify, createLocalJWKSet, importJWK, type JSONWebKeySet, type JWK } from 'jose';
import type { AuditCheckpoint } from './reader';

/** The one algorithm checkpoints are signed with, and the only one verification accepts. */
export const CHECKPOINT_ALG = 'EdDSA';

/** What a checkpoint signs. */
export interface CheckpointPayload {
  writer: string;
  seq: number;
  hash: string;
  time: string;
}

/** The signed bytes: `{"writer","seq","hash","time"}` in this order, no whitespace. */
export function checkpointPayloadJson(p: CheckpointPayload): string {
  return JSON.stringify({ writer: p.writer, seq: p.seq, hash: p.hash, time: p.time });
}

/**
 * Signs checkpoints with one private Ed25519 key. The key is checked and imported once, when the
 * store opens, so a wrong key stops start-up instead of failing the first checkpoint.
 */
export class CheckpointSigner {
  private constructor(
    readonly kid: string,
    private readonly key: Awaited<ReturnType<typeof importJWK>>,
  ) {}

  /** @param jwk a private Ed25519 JWK (`kty: OKP`, `crv: Ed25519`, `d`) with a `kid`. */
  static async create(jwk: JWK): Promise<CheckpointSigner> {
    if (typeof jwk !== 'object' || jwk === null) throw new Error('signingKey must be a JWK object');
    if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519')
      throw new Error(
        `signingKey must be an Ed25519 key (kty OKP, crv Ed25519): kty ${jwk.kty}, crv ${jwk.crv}`,
      );
    if (typeof jwk.d !== 'string') throw new Error('signingKey must be a private key (it has no "d")');
    if (typeof jwk.kid !== 'string' || jwk.kid === '')
      throw new Error('signingKey must have a kid (verifiers pick the public key by it)');
    return new CheckpointSigner(jwk.kid, await importJWK(jwk, CHECKPOINT_ALG));
  }

  async sign(payload: CheckpointPayload): Promise<AuditCheckpoint> {
    const signature = await new CompactSign(new TextEncoder().encode(checkpointPayloadJson(payload)))
      .setProtectedHeader({ alg: CHECKPOINT_ALG, kid: this.kid })
      .sign(this.key);
    return { ...payload, kid: this.kid, signature };
  }
}

/** Public keys to check checkpoints against, chosen by the JWS header's `kid`. */
export type CheckpointKeys = ReturnType<typeof createLocalJWKSet>;

export function checkpointKeys(jwks: JSONWebKeySet): CheckpointKeys {
  return createLocalJWKSet(jwks);
}

/**
 * Checks one stored checkpoint: its signature verifies (EdDSA only) under the key its `kid`
 * names, and the signed payload says exactly what the row says. Returns what is wrong, or null.
 */
export async function checkCheckpoint(cp: AuditCheckpoint, keys: CheckpointKeys): Promise<string | null> {
  let payload: unknown;
  let kid: unknown;
  try {
    const verified = await compactVerify(cp.signature, keys, { algorithms: [CHECKPOINT_ALG] });
    payload = JSON.parse(new TextDecoder().decode(verified.payload));
    kid = verified.protectedHeader.kid;
  } catch (e) {
    return `signature does not verify (kid ${cp.kid}): ${(e as Error).message}`;
  }
  const signed = payload as Partial<CheckpointPayload>;
  if (kid !== cp.kid) return `signed with kid ${String(kid)}, stored as kid ${cp.kid}`;
  for (const key of ['writer', 'seq', 'hash', 'time'] as const)
    if (signed[key] !== cp[key])
      return `the signed ${key} is ${String(signed[key])}, the stored row says ${String(cp[key])}`;
  return null;
}
