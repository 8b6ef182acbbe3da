import path from 'node:path';
import { DEFAULT_KEY_DIR } from '../keys/key-store';
import {
  authConfigFromEnv,
  DEMO_AUDIENCE,
  DEMO_ISSUER,
  validateAuthConfig,
  type AuthConfig,
} from './auth-config';

describe('authConfigFromEnv', () => {
  it('defaults to the demo issuer, audience, asymmetric algorithms and the demo JWKS file', () => {
    expect(authConfigFromEnv({})).toEqual({
      issuer: 'urn:one-window:demo-idp',
      audience: 'urn:one-window:data-layer',
      algorithms: ['EdDSA', 'ES256', 'RS256'],
      jwksFile: path.join(DEFAULT_KEY_DIR, 'issuer.jwks.json'),
      clockToleranceSec: 30,
      refuseDemoKeys: false,
    });
    expect([DEMO_ISSUER, DEMO_AUDIENCE]).toEqual(['urn:one-window:demo-idp', 'urn:one-window:data-layer']);
  });

  it('reads every variable, and a JWKS URL replaces the default file', () => {
    expect(
      authConfigFromEnv({
        AUTH_ISSUER: 'https://idp.example.gov.cn',
        AUTH_AUDIENCE: 'one-window',
        AUTH_ALGORITHMS: ' ES256 , PS256 ',
        AUTH_JWKS_URL: 'https://idp.example.gov.cn/jwks',
        AUTH_CLOCK_TOLERANCE_SEC: '5',
        NODE_ENV: 'production',
      }),
    ).toEqual({
      issuer: 'https://idp.example.gov.cn',
      audience: 'one-window',
      algorithms: ['ES256', 'PS256'],
      jwksUrl: 'https://idp.example.gov.cn/jwks',
      clockToleranceSec: 5,
      refuseDemoKeys: true,
    });
  });

  it('resolves a relative AUTH_JWKS_FILE against the working directory', () => {
    expect(authConfigFromEnv({ AUTH_JWKS_FILE: 'keys/idp.json' }).jwksFile).toBe(
      path.resolve('keys/idp.json'),
    );
  });

  it.each([
    [
      { AUTH_ALGORITHMS: 'EdDSA,none' },
      'AUTH_ALGORITHMS must not include "none": an unsigned token proves nothing',
    ],
    [
      { AUTH_ALGORITHMS: 'RS256,HS256' },
      'AUTH_ALGORITHMS must not include HS256: symmetric algorithms let anyone holding the key mint tokens',
    ],
    [
      { AUTH_ALGORITHMS: 'hs512' },
      'AUTH_ALGORITHMS must not include hs512: symmetric algorithms let anyone holding the key mint tokens',
    ],
    [{ AUTH_ALGORITHMS: 'RS1' }, 'AUTH_ALGORITHMS: unknown algorithm "RS1"'],
    [{ AUTH_ALGORITHMS: ' , ' }, 'AUTH_ALGORITHMS must name at least one algorithm'],
    [
      { AUTH_JWKS_FILE: 'a.json', AUTH_JWKS_URL: 'https://idp/jwks' },
      'AUTH_JWKS_FILE and AUTH_JWKS_URL are both set; set exactly one key source',
    ],
    [{ AUTH_JWKS_URL: 'not a url' }, 'AUTH_JWKS_URL is not a URL: not a url'],
    [
      { AUTH_JWKS_URL: 'file:///etc/jwks.json' },
      'AUTH_JWKS_URL must be an http(s) URL: file:///etc/jwks.json',
    ],
    [
      { AUTH_CLOCK_TOLERANCE_SEC: '600' },
      'AUTH_CLOCK_TOLERANCE_SEC must be a number of seconds from 0 to 300: 600',
    ],
    [
      { AUTH_CLOCK_TOLERANCE_SEC: '-1' },
      'AUTH_CLOCK_TOLERANCE_SEC must be a number of seconds from 0 to 300: -1',
    ],
  ])('refuses %j at start-up', (env, message) => {
    expect(() => authConfigFromEnv(env)).toThrow(message);
  });
});

describe('validateAuthConfig', () => {
  const base: AuthConfig = {
    issuer: DEMO_ISSUER,
    audience: DEMO_AUDIENCE,
    algorithms: ['EdDSA'],
    jwksFile: '/keys/issuer.jwks.json',
    clockToleranceSec: 30,
  };

  it('refuses a config with no key source', () => {
    expect(() => validateAuthConfig({ ...base, jwksFile: undefined })).toThrow(
      'AUTH_JWKS_FILE or AUTH_JWKS_URL must be set: tokens cannot be verified without keys',
    );
  });

  it('refuses an empty issuer or audience', () => {
    expect(() => validateAuthConfig({ ...base, issuer: ' ' })).toThrow('AUTH_ISSUER must not be empty');
    expect(() => validateAuthConfig({ ...base, audience: '' })).toThrow('AUTH_AUDIENCE must not be empty');
  });

  it('returns a good config as it is', () => {
    expect(validateAuthConfig(base)).toBe(base);
  });
});
