import type http from 'node:http';
import { logger } from '../../adapters/kit/logger';
import { serveHttp, type ServedHttp } from '../../subgraphs/kit/http-server';
import type { Authenticator } from '../../trust/auth/authenticate';
import type { Actor } from '../../trust/actor';
import type { SchemaRegistry } from '../schema-registry';
import { publisherOf } from './authorize';
import { READ_ROUTES } from './read-routes';
import { sendError, sendJson } from './respond';
import { findRoute, type Route } from './router';
import { WRITE_ROUTES } from './write-routes';

export interface RegistryApiOptions {
  registry: SchemaRegistry;
  /** Verifies bearer tokens (trust/auth createAuthenticator, the gateway's AUTH_* settings). */
  authenticator: Authenticator;
  /** True while the process drains: /health answers 503 so load balancers stop sending. @default () => false */
  draining?: () => boolean;
}

const HEALTH: Route = {
  method: 'GET',
  path: '/health',
  public: true,
  async handle() {
    throw new Error('answered by the handler');
  },
};

const ROUTES: readonly Route[] = [...READ_ROUTES, ...WRITE_ROUTES];

/**
 * The registry's HTTP API as a Node request handler. Every route but /health needs a bearer token;
 * the token is checked before the route is looked up, so an anonymous caller learns nothing about
 * the API but 401. Errors answer `{ error: { code, message } }` with the code's status.
 */
export function registryApiHandler(
  options: RegistryApiOptions,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  const { registry, authenticator } = options;
  const draining = options.draining ?? (() => false);
  return (req, res) => {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://registry.invalid');
    let actor: Actor | null = null;
    const answer = async () => {
      if (url.pathname === HEALTH.path && method === 'GET') return health(res, registry, draining());
      actor = await authenticator.authenticate(req.headers.authorization);
      const { route, params } = findRoute(ROUTES, method, url.pathname);
      await route.handle({ req, res, url, params, actor, registry });
    };
    answer()
      .catch((e: unknown) => sendError(res, e))
      .finally(() => {
        if (url.pathname === HEALTH.path) return;
        logger.info(
          {
            method,
            path: url.pathname,
            status: res.statusCode,
            actor: actor ? publisherOf(actor) : null,
            ms: Date.now() - started,
          },
          'registry API request',
        );
      });
  };
}

async function health(res: http.ServerResponse, registry: SchemaRegistry, draining: boolean): Promise<void> {
  if (draining) return sendJson(res, 503, { status: 'draining' });
  try {
    const version = await registry.store.currentVersion();
    sendJson(res, 200, { status: 'ok', store: registry.store.kind, supergraphVersion: version });
  } catch (err) {
    logger.error({ err }, 'registry store unreachable');
    sendJson(res, 503, { status: 'store unavailable', store: registry.store.kind });
  }
}

/** Serves the registry API on host:port (0 picks a free port); close() drains in-flight requests. */
export async function serveRegistryApi(
  options: Omit<RegistryApiOptions, 'draining'> & { port?: number; host?: string },
): Promise<ServedHttp> {
  // Requests arrive only once serveHttp has returned, so `served` is set whenever /health asks.
  const served: ServedHttp = await serveHttp(
    registryApiHandler({ ...options, draining: () => served.draining }),
    {
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.host !== undefined ? { host: options.host } : {}),
    },
  );
  return served;
}
