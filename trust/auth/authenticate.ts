import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors as joseErrors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { DataLayerError } from '../../adapters/kit/errors';
import { logger } from '../../adapters/kit/logger';
import type { Actor } from '../actor';
import { isDemoKid, loadJwks } from '../keys/key-store';
import { validateAuthConfig, type AuthConfig } from './auth-config';
import { actorFromClaims } from './claims';

/** Turns the `Authorization` header of a request into the Actor making it. */
export interface Authenticator {
  /**
   * Verifies `Bearer <JWT>` and returns its Actor. Throws DataLayerError UNAUTHENTICATED (no header),
   * TOKEN_EXPIRED (past `exp` or before `nbf`/`iat`) or TOKEN_INVALID (everything else, with a short reason).
   */
  authenticate(authorizationHeader: string | undefined): Promise<Actor>;
  /** The key ids of a JWKS file, for start-up checks; [] for a JWKS URL (its keys rotate on their own). */
  kids(): Promise<string[]>;
  /** True when the JWKS file holds a demo key (`kid` starting with `demo-`), which production refuses. */
  usesDemoKeys(): boolean;
}

/** How long a verified token is taken on trust without checking its signature again, in ms (never past its `exp`). @default 60_000 */
export const VERIFIED_TTL_MS = 60_000;
/** Verified tokens remembered at once; the oldest is forgotten first. */
const MAX_VERIFIED_TOKENS = 10_000;

/** The longest token lifetime (`exp - iat`) accepted, in seconds (24 h): a leaked token dies within a day. */
export const MAX_TOKEN_LIFETIME_SEC = 86_400;
/** Longest token accepted before any parsing, in characters; real access tokens are 1-2 KiB. */
const MAX_TOKEN_LENGTH = 8_192;
/** `Bearer` (any case, RFC 7235) and a compact JWS; the signature may be empty so `alg: none` gets its own reason. */
const BEARER = /^bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/i;

/**
 * Builds the authenticator once at start-up: validates `config`, reads a JWKS file (once) or sets up
 * jose's cached remote JWKS. Throws when the file is missing or malformed, or holds demo keys while
 * `config.refuseDemoKeys` is set.
 */
export function createAuthenticator(config: AuthConfig): Authenticator {
  validateAuthConfig(config);
  let keys: JWTVerifyGetKey;
  let fileKids: string[] = [];
  if (config.jwksFile) {
    const jwks = loadJwks(config.jwksFile);
    fileKids = jwks.keys.map((k) => k.kid!);
    const demo = fileKids.filter(isDemoKid);
    if (config.refuseDemoKeys && demo.length > 0)
      throw new Error(
        `AUTH_JWKS_FILE ${config.jwksFile} holds demo keys (${demo.join(', ')}), which production refuses; ` +
          "configure the identity provider's JWKS",
      );
    keys = createLocalJWKSet(jwks);
  } else {
    keys = createRemoteJWKSet(new URL(config.jwksUrl!));
  }
  const verifyOptions = {
    issuer: config.issuer,
    audience: config.audience,
    algorithms: config.algorithms,
    clockTolerance: config.clockToleranceSec,
    requiredClaims: ['exp', 'iat', 'sub'],
    // Also makes jose refuse an `iat` in the future: without it, iat = next year, exp = iat + 1 h
    // would pass the lifetime check below and live for a year.
    maxTokenAge: MAX_TOKEN_LIFETIME_SEC,
  };
  const getKey: JWTVerifyGetKey = config.refuseDemoKeys
    ? (header, token) => {
        if (isDemoKid(header.kid)) throw invalid('demo keys are refused');
        return keys(header, token);
      }
    : keys;

  // Tokens already verified, until their expiry but at most VERIFIED_TTL_MS: a counter console sends
  // the same token all day, and one signature check per token instead of per request is the saving.
  const verified = new Map<string, { actor: Actor; until: number }>();
  return {
    async authenticate(header) {
      if (header === undefined || header.trim() === '')
        throw new DataLayerError('UNAUTHENTICATED', 'send Authorization: Bearer <token>');
      if (header.length > MAX_TOKEN_LENGTH + 16) throw invalid('token is too long');
      const m = BEARER.exec(header.trim());
      if (!m) throw invalid('Authorization must be "Bearer <compact JWT>"');
      const token = m[1]!;
      const hit = verified.get(token);
      if (hit && Date.now() < hit.until) return hit.actor;
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, getKey, verifyOptions));
      } catch (e) {
        throw mapVerifyError(e);
      }
      if (payload.exp! - payload.iat! > MAX_TOKEN_LIFETIME_SEC)
        throw invalid('token lifetime (exp - iat) exceeds 24 h');
      const actor = actorFromClaims(payload);
      if (verified.size >= MAX_VERIFIED_TOKENS) verified.delete(verified.keys().next().value!);
      verified.set(token, { actor, until: Math.min(payload.exp! * 1000, Date.now() + VERIFIED_TTL_MS) });
      return actor;
    },
    async kids() {
      return [...fileKids];
    },
    usesDemoKeys() {
      return fileKids.some(isDemoKid);
    },
  };
}

function invalid(why: string): DataLayerError {
  return new DataLayerError('TOKEN_INVALID', why);
}

/** jose's error as the data layer's, with a reason short enough for a client and safe to show. */
function mapVerifyError(e: unknown): DataLayerError {
  if (e instanceof DataLayerError) return e;
  if (e instanceof joseErrors.JWTExpired) return new DataLayerError('TOKEN_EXPIRED', 'token has expired');
  if (e instanceof joseErrors.JWTClaimValidationFailed) {
    if (e.reason === 'missing') return invalid(`token has no "${e.claim}" claim`);
    switch (e.claim) {
      case 'nbf':
        return new DataLayerError('TOKEN_EXPIRED', 'token is not yet valid (nbf)');
      case 'iat':
        return new DataLayerError('TOKEN_EXPIRED', 'token is issued in the future (iat)');
      case 'iss':
        return invalid('issuer is not accepted');
      case 'aud':
        return invalid('audience is not accepted');
      default:
        return invalid(`"${e.claim}" claim is invalid`);
    }
  }
  if (e instanceof joseErrors.JOSEAlgNotAllowed) return invalid('algorithm not allowed');
  if (e instanceof joseErrors.JWSSignatureVerificationFailed) return invalid('signature does not verify');
  if (e instanceof joseErrors.JWKSNoMatchingKey)
    return invalid("no key matches the token's kid and algorithm");
  if (e instanceof joseErrors.JWKSMultipleMatchingKeys) return invalid("several keys match the token's kid");
  if (e instanceof joseErrors.JWTInvalid) return invalid('token claims are malformed');
  if (e instanceof joseErrors.JWSInvalid) return invalid('token is malformed');
  if (e instanceof joseErrors.JOSENotSupported)
    return invalid('token uses an unsupported algorithm or header');
  // Left: the JWKS endpoint timed out, failed or served garbage. Not the caller's fault; no reason leaks.
  logger.error({ err: e }, 'token verification failed: identity provider keys unavailable');
  return new DataLayerError('AUTH_UNAVAILABLE', "the identity provider's keys could not be fetched", {
    cause: e,
  });
}
