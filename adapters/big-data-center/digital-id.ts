import { errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
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
import type { DigitalIdCode, DigitalIdScene, DigitalIdVerification, HolderRef, HolderType } from './model';

/** Issuer (`iss`) of Suishenma codes. */
export const SUISHENMA_ISSUER = 'shanghai-big-data-center/suishenma';
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

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
  replayGraceMs: number;
  breaker?: BreakerOptions;
}

function fail(code: ErrorCode, message: string): DataLayerError {
  return new DataLayerError(code, `digital ID: ${message}`, { department: DEPARTMENT });
}

/**
 * Suishenma: codes are issued by the platform (one request each, through a breaker,
 * never retried or cached) and verified here, locally, with the published keys held in
 * process: a scan costs no request. Checks in order: well-formed (MALFORMED), signature
 * under a published key (FORGED), expiry (EXPIRED, or REPLAYED when this very code was
 * verified before: a photographed code shown again), scene (WRONG_SCENE).
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

  async function verifySignature(code: string): Promise<{ payload: JWTPayload; expired: boolean }> {
    if (typeof code !== 'string' || code.length > 4096 || !COMPACT_JWS.test(code))
      throw fail('DIGITAL_ID_MALFORMED', 'not a compact JWS');
    try {
      const { payload } = await jwtVerify(
        code,
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
      const { payload, expired } = await verifySignature(code);
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
