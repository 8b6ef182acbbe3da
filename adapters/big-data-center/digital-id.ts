import type { KeyObject } from 'node:crypto';
import { compactDecrypt, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { createBreaker, type BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';
import type { ErrorCode } from '../kit/error-codes';
import { DataLayerError } from '../kit/errors';
import { logger } from '../kit/logger';
import type { AdapterContext } from '../kit/operation';
import type { BigDataCenterClient } from './client';
import { SuishenmaKeys } from './digital-id-keys';
import { parseScene, sceneServes, sceneView } from './digital-id-scenes';
import { DEPARTMENT } from './errors';
import { parseHolder } from './holder';
import { COMPACT_DIR_JWE } from './suishenma-mapping';
import type { DigitalIdCode, DigitalIdScene, DigitalIdVerification, HolderRef, HolderType } from './model';

/** Issuer (`iss`) of Suishenma codes. */
export const SUISHENMA_ISSUER = 'shanghai-big-data-center/suishenma';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Longest code accepted before any parsing (a QR code a phone shows holds far less). */
const MAX_CODE_LENGTH = 4_096;

export interface DigitalIdService {
  issueDigitalId(
    ctx: AdapterContext,
    holder: HolderRef,
    scene?: DigitalIdScene | null,
  ): Promise<DigitalIdCode>;
  verifyDigitalId(code: string, scene: DigitalIdScene): Promise<DigitalIdVerification>;
}

export interface DigitalIdDeps {
  client: BigDataCenterClient;
  /** Where verified code ids (jti) are remembered until expiry + grace. */
  cache: Cache;
  now: () => number;
  jwksTtlMs: number;
  /** The verifier keys codes are encrypted under, by key id (digital-id-verifier-keys.ts). */
  verifierKeys: ReadonlyMap<string, KeyObject>;
  replayGraceMs: number;
  breaker?: BreakerOptions;
}

function fail(code: ErrorCode, message: string): DataLayerError {
  return new DataLayerError(code, `digital ID: ${message}`, { department: DEPARTMENT });
}

/**
 * Suishenma: codes are issued by the platform (one request each, through a breaker,
 * never retried or cached) and verified here, locally, with the verifier key and the
 * published signing keys held in process: a scan costs no request. A code is a nested
 * JWT: a JWS signed by the Big Data Center, encrypted as a JWE under the verifier key, so
 * only a verifier can read its claims. Checks in order: well-formed JWE (MALFORMED),
 * decrypts under a verifier key we hold (FORGED), well-formed JWS inside (MALFORMED),
 * signature under a published key (FORGED), expiry (EXPIRED, or REPLAYED when this very
 * code was verified before: a photographed code shown again), scene (WRONG_SCENE).
 */
export function createDigitalIdService(deps: DigitalIdDeps): DigitalIdService {
  const jwks = createBreaker(DEPARTMENT, 'suishenma.jwks', () => deps.client.suishenmaJwks(), deps.breaker);
  const keys = new SuishenmaKeys(() => jwks.fire(), deps.jwksTtlMs, deps.now);
  const issue = createBreaker(
    DEPARTMENT,
    'suishenma.issue',
    deps.client.issueSuishenma.bind(deps.client),
    deps.breaker,
  );
  const seenKey = (jti: string) => `${DEPARTMENT}:suishenma.jti:${jti}`;

  /** The signed JWS inside the code; AES-GCM's tag proves it was encrypted under our key and not altered. */
  async function decrypt(code: string): Promise<string> {
    if (typeof code !== 'string' || code.length > MAX_CODE_LENGTH || !COMPACT_DIR_JWE.test(code))
      throw fail('DIGITAL_ID_MALFORMED', 'not a compact JWE (codes are encrypted: alg dir, enc A256GCM)');
    try {
      const { plaintext, protectedHeader } = await compactDecrypt(
        code,
        (header) => {
          const key = typeof header.kid === 'string' ? deps.verifierKeys.get(header.kid) : undefined;
          if (!key)
            throw fail(
              'DIGITAL_ID_FORGED',
              typeof header.kid === 'string'
                ? `encrypted under key ${header.kid}, not a verifier key held`
                : 'names no verifier key (kid)',
            );
          return key;
        },
        { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] },
      );
      if (protectedHeader.cty !== 'JWT')
        throw fail('DIGITAL_ID_MALFORMED', 'the encrypted content is not a JWT');
      return new TextDecoder().decode(plaintext);
    } catch (e) {
      if (e instanceof DataLayerError) throw e;
      if (e instanceof joseErrors.JWEDecryptionFailed)
        throw fail(
          'DIGITAL_ID_FORGED',
          'the code does not decrypt under the verifier key (altered or foreign)',
        );
      if (e instanceof joseErrors.JOSEError) throw fail('DIGITAL_ID_MALFORMED', e.message);
      throw e;
    }
  }

  async function verifySignature(jws: string): Promise<{ payload: JWTPayload; expired: boolean }> {
    if (!COMPACT_JWS.test(jws))
      throw fail('DIGITAL_ID_MALFORMED', 'the encrypted content is not a compact JWS');
    try {
      const { payload } = await jwtVerify(
        jws,
        async (header) => {
          if (header.alg !== 'EdDSA' || typeof header.kid !== 'string')
            throw fail('DIGITAL_ID_FORGED', `signed with ${String(header.alg)}, not a published EdDSA key`);
          const key = await keys.key(header.kid);
          if (!key)
            throw fail('DIGITAL_ID_FORGED', `key ${header.kid} is not published by the Big Data Center`);
          return key;
        },
        { algorithms: ['EdDSA'], issuer: SUISHENMA_ISSUER, currentDate: new Date(deps.now()) },
      );
      return { payload, expired: false };
    } catch (e) {
      if (e instanceof DataLayerError) throw e;
      // jose checks the signature before the claims: an expired code here is a genuine one.
      if (e instanceof joseErrors.JWTExpired) return { payload: e.payload, expired: true };
      if (e instanceof joseErrors.JWSSignatureVerificationFailed)
        throw fail('DIGITAL_ID_FORGED', 'the signature does not verify');
      if (e instanceof joseErrors.JOSEError) throw fail('DIGITAL_ID_MALFORMED', e.message);
      throw e;
    }
  }

  return {
    issueDigitalId: async (ctx, holder, scene) => {
      const h = parseHolder(holder);
      const s = scene == null ? undefined : parseScene(scene);
      if (s && !sceneServes(s, h.type))
        throw fail('DIGITAL_ID_WRONG_SCENE', `scene ${s} does not serve ${h.type.toLowerCase()} holders`);
      const issued = await issue.fire(h, s, ctx.signal);
      if (issued === null)
        throw new DataLayerError('NOT_FOUND', `digital ID: the Big Data Center knows no ${h.type} ${h.id}`, {
          department: DEPARTMENT,
        });
      return issued;
    },

    verifyDigitalId: async (code, rawScene) => {
      const scene = parseScene(rawScene);
      const { payload, expired } = await verifySignature(await decrypt(code));
      const { jti, exp } = payload;
      const holderType = payload.hk as HolderType;
      if (
        typeof jti !== 'string' ||
        typeof exp !== 'number' ||
        (holderType !== 'PERSON' && holderType !== 'COMPANY')
      )
        throw fail('DIGITAL_ID_MALFORMED', 'jti, exp or hk is missing');
      if (expired) {
        // An unreachable cache only turns REPLAYED into EXPIRED: the code is refused either way.
        const [seen] = await deps.cache.getMany<boolean>([seenKey(jti)]).catch(() => [undefined]);
        throw seen
          ? fail('DIGITAL_ID_REPLAYED', 'this code was already presented and has expired since')
          : fail('DIGITAL_ID_EXPIRED', 'the code has expired; refresh it in the app');
      }
      if ((payload.scn !== undefined && payload.scn !== scene) || !sceneServes(scene, holderType))
        throw fail(
          'DIGITAL_ID_WRONG_SCENE',
          payload.scn !== undefined && payload.scn !== scene
            ? `the code was issued for ${String(payload.scn)}, not ${scene}`
            : `scene ${scene} does not serve ${holderType.toLowerCase()} holders`,
        );
      const ttlMs = exp * 1000 - deps.now() + deps.replayGraceMs;
      await deps.cache
        .setMany([{ key: seenKey(jti), value: true }], ttlMs)
        .catch((e: unknown) =>
          logger.warn({ err: e }, 'big-data-center: could not remember a Suishenma jti'),
        );
      return sceneView(scene, holderType, payload, new Date(exp * 1000).toISOString());
    },
  };
}
