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
});
