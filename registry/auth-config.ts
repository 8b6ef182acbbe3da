import { authConfigFromEnv, type AuthConfig } from '../trust/auth/auth-config';

/**
 * How the registry checks tokens: the gateway's AUTH_* settings, except the audience, which
 * REGISTRY_AUTH_AUDIENCE sets apart when given, so a token the identity provider issued for the
 * gateway is not accepted here (and the other way round). @default the gateway's AUTH_AUDIENCE,
 * outside production only: with NODE_ENV=production a registry without an audience of its own
 * refuses to start, since any token for the gateway could then publish schemas.
 */
export function registryAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const own = env.REGISTRY_AUTH_AUDIENCE;
  if (env.NODE_ENV === 'production' && (!own || own === authConfigFromEnv(env).audience))
    throw new Error(
      `REGISTRY_AUTH_AUDIENCE must name an audience of the registry's own in production (${own ? "it is the gateway's AUTH_AUDIENCE" : 'it is not set'}): a token issued for the gateway must not publish schemas`,
    );
  return authConfigFromEnv({ ...env, AUTH_AUDIENCE: own || env.AUTH_AUDIENCE });
}
