import path from 'node:path';
import { envWholeNumber } from '../../adapters/kit/env';
import { DEFAULT_KEY_DIR, KEY_FILES } from '../keys/key-store';

/** Issuer (`iss`) of the tokens `npm run token` mints. */
export const DEMO_ISSUER = 'urn:one-window:demo-idp';
/** Audience (`aud`) the data layer expects in every token. */
export const DEMO_AUDIENCE = 'urn:one-window:data-layer';

/**
 * The asymmetric JWS algorithms a token may be signed with. Symmetric ones (HS*) are never accepted:
 * a verifier holding the secret could mint tokens, and an HS token "signed" with a public key is the
 * classic algorithm-confusion forgery. `none` is not a signature at all.
 */
export const ASYMMETRIC_ALGORITHMS = [
  'EdDSA',
  'Ed25519',
  'ES256',
  'ES384',
  'ES512',
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
] as const;

/** How the data layer checks bearer tokens. Built once at start-up (`authConfigFromEnv`). */
export interface AuthConfig {
  /** The one `iss` accepted. @default 'urn:one-window:demo-idp' (AUTH_ISSUER) */
  issuer: string;
  /** The `aud` every token must name. @default 'urn:one-window:data-layer' (AUTH_AUDIENCE) */
  audience: string;
  /** The allow-list of JWS `alg` values. @default ['EdDSA', 'ES256', 'RS256'] (AUTH_ALGORITHMS) */
  algorithms: string[];
  /** A JWKS file read once at start-up; works offline. Exactly one of jwksFile and jwksUrl. */
  jwksFile?: string;
  /** The identity provider's JWKS endpoint; jose caches it and refetches on an unknown `kid`. */
  jwksUrl?: string;
  /** Seconds of clock skew allowed on `exp`, `nbf` and `iat`. @default 30 (AUTH_CLOCK_TOLERANCE_SEC) */
  clockToleranceSec: number;
  /**
   * Refuse every key whose `kid` starts with `demo-`: at start-up when the JWKS file holds one, and per
   * token otherwise. @default true when NODE_ENV=production
   */
  refuseDemoKeys?: boolean;
}

/** The longest clock skew accepted, in seconds (5 min); more would stretch every token's lifetime. */
const MAX_CLOCK_TOLERANCE_SEC = 300;

/** Reads the AUTH_* variables; a bad value stops start-up with an Error naming the variable. */
export function authConfigFromEnv(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const jwksUrl = env.AUTH_JWKS_URL || undefined;
  const jwksFile =
    env.AUTH_JWKS_FILE || (jwksUrl ? undefined : path.join(DEFAULT_KEY_DIR, KEY_FILES.issuerJwks.file));
  return validateAuthConfig({
    issuer: env.AUTH_ISSUER || DEMO_ISSUER,
    audience: env.AUTH_AUDIENCE || DEMO_AUDIENCE,
    algorithms: (env.AUTH_ALGORITHMS || 'EdDSA,ES256,RS256')
      .split(',')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
    ...(jwksFile ? { jwksFile: path.resolve(jwksFile) } : {}),
    ...(jwksUrl ? { jwksUrl } : {}),
    clockToleranceSec: envWholeNumber(
      'AUTH_CLOCK_TOLERANCE_SEC',
      30,
      { min: 0, max: MAX_CLOCK_TOLERANCE_SEC, what: 'a number of seconds' },
      env,
    ),
    refuseDemoKeys: env.NODE_ENV === 'production',
  });
}

/**
 * Checks a config however it was built (createAuthenticator calls it too) and returns it. Each
 * message names the environment variable that sets the option.
 */
export function validateAuthConfig(config: AuthConfig): AuthConfig {
  if (typeof config.issuer !== 'string' || config.issuer.trim() === '')
    throw new Error('AUTH_ISSUER must not be empty');
  if (typeof config.audience !== 'string' || config.audience.trim() === '')
    throw new Error('AUTH_AUDIENCE must not be empty');
  if (!Array.isArray(config.algorithms) || config.algorithms.length === 0)
    throw new Error('AUTH_ALGORITHMS must name at least one algorithm');
  for (const alg of config.algorithms) {
    if (alg.toLowerCase() === 'none')
      throw new Error('AUTH_ALGORITHMS must not include "none": an unsigned token proves nothing');
    if (/^HS/i.test(alg))
      throw new Error(
        `AUTH_ALGORITHMS must not include ${alg}: symmetric algorithms let anyone holding the key mint tokens`,
      );
    if (!(ASYMMETRIC_ALGORITHMS as readonly string[]).includes(alg))
      throw new Error(
        `AUTH_ALGORITHMS: unknown algorithm ${JSON.stringify(alg.slice(0, 32))} (accepted: ${ASYMMETRIC_ALGORITHMS.join(', ')})`,
      );
  }
  if (config.jwksFile && config.jwksUrl)
    throw new Error('AUTH_JWKS_FILE and AUTH_JWKS_URL are both set; set exactly one key source');
  if (!config.jwksFile && !config.jwksUrl)
    throw new Error('AUTH_JWKS_FILE or AUTH_JWKS_URL must be set: tokens cannot be verified without keys');
  if (config.jwksUrl) {
    let url: URL;
    try {
      url = new URL(config.jwksUrl);
    } catch {
      throw new Error(`AUTH_JWKS_URL is not a URL: ${config.jwksUrl.slice(0, 200)}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new Error(`AUTH_JWKS_URL must be an http(s) URL: ${config.jwksUrl.slice(0, 200)}`);
  }
  if (
    !Number.isInteger(config.clockToleranceSec) ||
    config.clockToleranceSec < 0 ||
    config.clockToleranceSec > MAX_CLOCK_TOLERANCE_SEC
  )
    throw new Error(
      `AUTH_CLOCK_TOLERANCE_SEC must be a number of seconds from 0 to ${MAX_CLOCK_TOLERANCE_SEC}: ${config.clockToleranceSec}`,
    );
  return config;
}
