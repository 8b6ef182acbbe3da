import { authConfigFromEnv } from '../trust/auth/auth-config';
import { registryAuthConfig } from './auth-config';

describe('registryAuthConfig', () => {
  const env = { AUTH_JWKS_FILE: '/keys/issuer.jwks.json', AUTH_AUDIENCE: 'urn:one-window:data-layer' };

  it("takes the gateway's settings, audience included, when REGISTRY_AUTH_AUDIENCE is not set", () => {
    expect(registryAuthConfig(env)).toEqual(authConfigFromEnv(env));
  });

  it('gives the registry an audience of its own with REGISTRY_AUTH_AUDIENCE', () => {
    const config = registryAuthConfig({ ...env, REGISTRY_AUTH_AUDIENCE: 'urn:one-window:registry' });
    expect(config.audience).toBe('urn:one-window:registry');
    expect(config.jwksFile).toBe('/keys/issuer.jwks.json');
  });

  it('refuses, in production, a registry without an audience of its own, naming the variable', () => {
    const production = { ...env, NODE_ENV: 'production' };
    const refusal = (why: string) =>
      new Error(
        `REGISTRY_AUTH_AUDIENCE must name an audience of the registry's own in production (${why}): a token issued for the gateway must not publish schemas`,
      );
    expect(() => registryAuthConfig(production)).toThrow(refusal('it is not set'));
    expect(() =>
      registryAuthConfig({ ...production, REGISTRY_AUTH_AUDIENCE: 'urn:one-window:data-layer' }),
    ).toThrow(refusal("it is the gateway's AUTH_AUDIENCE"));
    const { AUTH_AUDIENCE: _, ...withoutAudience } = production;
    expect(() =>
      registryAuthConfig({ ...withoutAudience, REGISTRY_AUTH_AUDIENCE: 'urn:one-window:data-layer' }),
    ).toThrow(refusal("it is the gateway's AUTH_AUDIENCE"));
    expect(
      registryAuthConfig({ ...production, REGISTRY_AUTH_AUDIENCE: 'urn:one-window:registry' }).audience,
    ).toBe('urn:one-window:registry');
  });
});
