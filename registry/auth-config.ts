import { authConfigFromEnv, type AuthConfig } from '../trust/auth/auth-config';

/**
 * How the registry checks tokens: the gateway's AUTH_* settings, except the audience, which
 * REGISTRY_AUTH_AUDIENCE sets apart when given, so a token the identity provider issued for the
 * gateway is not accepted here (and the other way round). @default the gateway's AUTH_AUDIENCE
 */
export function registryAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  return authConfigFromEnv({ ...env, AUTH_AUDIENCE: env.REGISTRY_AUTH_AUDIENCE || env.AUTH_AUDIENCE });
}
