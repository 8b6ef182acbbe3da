import type http from 'node:http';
import { DataLayerError, quoted } from '../../adapters/kit/errors';
import type { Actor } from '../../trust/actor';
import type { SchemaRegistry } from '../schema-registry';

/** What a route handler gets: the request, its URL and path parameters, the verified caller. */
export interface RouteContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  params: Record<string, string>;
  /** The caller; null only on public routes (/health). */
  actor: Actor | null;
  registry: SchemaRegistry;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** `/v1/subgraphs/:department/sdl`: `:name` matches one path segment. */
  path: string;
  /** Answered without a token (/health only). */
  public?: boolean;
  handle(ctx: RouteContext): Promise<void>;
}

/** The route for `method` and `pathname` with its decoded parameters; NOT_FOUND when none matches. */
export function findRoute(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } {
  const segments = pathname.split('/');
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (!params) continue;
    pathMatched = true;
    if (route.method === method) return { route, params };
  }
  throw new DataLayerError(
    'NOT_FOUND',
    pathMatched
      ? `${quoted(pathname, 80)} does not answer ${quoted(method, 10)}`
      : `no route ${quoted(pathname, 80)}`,
  );
}

function matchPath(pattern: string, segments: string[]): Record<string, string> | null {
  const parts = pattern.split('/');
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const segment = segments[i]!;
    if (part.startsWith(':')) {
      if (segment === '') return null;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        throw new DataLayerError('BAD_REQUEST', 'the path is not valid percent-encoding');
      }
    } else if (part !== segment) return null;
  }
  return params;
}
