import { randomUUID } from 'node:crypto';
import { CompactEncrypt, SignJWT } from 'jose';
import type { WorldIndex } from '../data/world';
import { BadRequest } from './bad-request';
import { deriveEd25519, type KeyPair } from './issuer-keys';
import { COMPANY_SCENES, holderClaims, SCENES, type Scene } from './suishenma-claims';
import type { VerifierKey } from './suishenma-verifier-key';

/** Issuer (`iss`) of every Suishenma code. */
export const SUISHENMA_ISSUER = 'shanghai-big-data-center/suishenma';
/** Id of the signing key in the JWKS (`kid`); a rotation would publish the next one beside it. */
export const SUISHENMA_KEY_ID = 'ssm-2026-1';
/** Seed the Suishenma key is derived from, so every run publishes the same key. */
export const DEFAULT_SUISHENMA_KEY_SEED = 'owdl-big-data-center-suishenma-v1';

/** China Standard Time: the day a person's age is counted on. */
const CST_OFFSET_MS = 8 * 3_600_000;

export interface SuishenmaIssuerOptions {
  /** How long a code is valid, in s. */
  ttlSeconds: number;
  /** The platform clock, in ms since the epoch. */
  now: () => number;
  /** Seed the signing key is derived from. @default DEFAULT_SUISHENMA_KEY_SEED */
  keySeed?: string;
  /** The key shared with the data layer's verifier that codes are encrypted under. */
  verifierKey: VerifierKey;
}

/**
 * The digital ID service: issues short-lived codes carrying a jti and the minimal claims
 * of the holder for the scene asked for, as a nested JWT: signed (compact JWS, EdDSA, so
 * the signature proves the Big Data Center issued it), then encrypted (compact JWE, `dir`
 * + `A256GCM`) under the verifier key, so a bystander photographing the QR code learns
 * nothing. The signing key is published as a JWKS so verifiers check codes locally.
 */
export class SuishenmaIssuer {
  private readonly key: KeyPair;
  private readonly ttlSeconds: number;
  private readonly now: () => number;
  private readonly verifierKey: VerifierKey;

  constructor(
    private readonly world: WorldIndex,
    options: SuishenmaIssuerOptions,
  ) {
    this.key = deriveEd25519(options.keySeed ?? DEFAULT_SUISHENMA_KEY_SEED, `suishenma:${SUISHENMA_KEY_ID}`);
    this.ttlSeconds = options.ttlSeconds;
    this.now = options.now;
    this.verifierKey = options.verifierKey;
  }

  jwks(): { keys: Record<string, unknown>[] } {
    return {
      keys: [
        { ...this.key.publicKey.export({ format: 'jwk' }), kid: SUISHENMA_KEY_ID, alg: 'EdDSA', use: 'sig' },
      ],
    };
  }

  /** `POST /v1/suishenma:issue` `{ holder: { type, id }, scene? }` -> `{ code, expiresAt }`. */
  async issue(body: Record<string, unknown>): Promise<{ code: string; expiresAt: string } | null> {
    const holder = body.holder as { type?: unknown; id?: unknown } | null | undefined;
    if (!holder || (holder.type !== 'PERSON' && holder.type !== 'COMPANY') || typeof holder.id !== 'string')
      throw new BadRequest(
        'INVALID_ARGUMENT',
        'holder must be { "type": "PERSON" | "COMPANY", "id": string }',
      );
    const scene = body.scene as Scene | undefined;
    if (scene !== undefined && !SCENES.includes(scene))
      throw new BadRequest('INVALID_ARGUMENT', `scene must be one of ${SCENES.join(', ')}`);
    if (holder.type === 'COMPANY' && scene !== undefined && !COMPANY_SCENES.includes(scene))
      throw new BadRequest('SCENE_NOT_SERVED', `scene ${scene} does not serve companies`);
    const now = this.now();
    const today = new Date(now + CST_OFFSET_MS).toISOString().slice(0, 10);
    const claims = holderClaims(this.world, { type: holder.type, id: holder.id }, scene, today);
    if (claims === null) return null;
    const iat = Math.floor(now / 1000);
    const exp = iat + this.ttlSeconds;
    const signed = await new SignJWT({ ...claims, hk: holder.type, ...(scene ? { scn: scene } : {}) })
      .setProtectedHeader({ alg: 'EdDSA', kid: SUISHENMA_KEY_ID, typ: 'JWT' })
      .setIssuer(SUISHENMA_ISSUER)
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .sign(this.key.privateKey);
    const code = await new CompactEncrypt(new TextEncoder().encode(signed))
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'JWT', kid: this.verifierKey.kid })
      .encrypt(this.verifierKey.key);
    return { code, expiresAt: new Date(exp * 1000).toISOString() };
  }
}
