import type { KeyObject } from 'node:crypto';
import { createBreaker, type BreakerOptions } from '../kit/breaker';
import type { Cache } from '../kit/cache';
import { DataLayerError } from '../kit/errors';
import type { AdapterContext } from '../kit/operation';
import type { BigDataCenterClient } from './client';
import { SuishenmaKeys } from './digital-id-keys';
import { SeenCodes } from './digital-id-replay';
import { parseScene, sceneServes, sceneView } from './digital-id-scenes';
import { DEPARTMENT } from './errors';
import { parseHolder } from './holder';
import { decryptCode, digitalIdError as fail, verifyCodeJws } from './suishenma-code';
import type { DigitalIdCode, DigitalIdScene, DigitalIdVerification, HolderRef, HolderType } from './model';

export { SUISHENMA_ISSUER } from './suishenma-code';

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
  /**
   * The adapter's cache: verified code ids (jti) are kept in process until expiry + grace, and
   * in this cache too when it is shared (not a MemoryCache), for the other instances (digital-id-replay.ts).
   */
  cache: Cache;
  now: () => number;
  jwksTtlMs: number;
  /** The verifier keys codes are encrypted under, by key id (digital-id-verifier-keys.ts). */
  verifierKeys: ReadonlyMap<string, KeyObject>;
  replayGraceMs: number;
  breaker?: BreakerOptions;
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
 * The cryptography is node:crypto's, synchronous, with keys made once (suishenma-code.ts): a scan
 * is one AES-GCM pass and one Ed25519 verification on the event loop, no thread-pool round trip.
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
  const seen = new SeenCodes({ cache: deps.cache, now: deps.now, graceMs: deps.replayGraceMs });

  return {
    issueDigitalId: async (ctx, holder, scene) => {
      const h = parseHolder(holder);
      const s = scene == null ? undefined : parseScene(scene);
      if (s && !sceneServes(s, h.type))
        throw fail('DIGITAL_ID_WRONG_SCENE', `scene ${s} does not serve ${h.type.toLowerCase()} holders`);
      const issued = await issue.fire(h, s, { signal: ctx.signal });
      if (issued === null)
        throw new DataLayerError('NOT_FOUND', `digital ID: the Big Data Center knows no ${h.type} ${h.id}`, {
          department: DEPARTMENT,
        });
      return issued;
    },

    verifyDigitalId: async (code, rawScene) => {
      const scene = parseScene(rawScene);
      const { claims: payload, expired } = await verifyCodeJws(
        decryptCode(code, deps.verifierKeys),
        (kid) => keys.key(kid),
        deps.now(),
      );
      const { jti, exp } = payload;
      const holderType = payload.hk as HolderType;
      if (
        typeof jti !== 'string' ||
        typeof exp !== 'number' ||
        (holderType !== 'PERSON' && holderType !== 'COMPANY')
      )
        throw fail('DIGITAL_ID_MALFORMED', 'jti, exp or hk is missing');
      if (expired) {
        throw (await seen.seen(jti, exp))
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
      await seen.remember(jti, exp);
      return sceneView(scene, holderType, payload, new Date(exp * 1000).toISOString());
    },
  };
}
