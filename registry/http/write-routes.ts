/** The registry API's write routes: check, publish, rollback, register operations. */
import type http from 'node:http';
import { DataLayerError } from '../../adapters/kit/errors';
import type { Actor } from '../../trust/actor';
import { publisherOf, requireScope, SCOPES } from './authorize';
import { manifestOperations } from './manifest-body';
import { readJsonObject, sendJson } from './respond';
import type { Route } from './router';
import { reportView, supergraphView } from './views';
import { checkUrl } from '../department';

/** Longest override reason kept, in characters: a sentence or two for the event log, not an essay. */
export const MAX_REASON_LENGTH = 1000;

export const WRITE_ROUTES: readonly Route[] = [
  {
    method: 'POST',
    path: '/v1/subgraphs/:department/check',
    async handle({ req, res, params, actor, registry }) {
      const department = params.department!;
      requireScope(actor!, SCOPES.publish(department), `checking ${department}`);
      const { sdl, url } = schemaBody(await readJsonObject(req));
      sendJson(res, 200, reportView(await registry.check(department, sdl, url)));
    },
  },
  {
    method: 'POST',
    path: '/v1/subgraphs/:department/publish',
    async handle({ req, res, params, actor, registry }) {
      const department = params.department!;
      requireScope(actor!, SCOPES.publish(department), `publishing ${department}`);
      const body = await readJsonObject(req);
      const { sdl, url } = schemaBody(body);
      const override = overrideOf(body, actor!);
      const { report, supergraph, unchanged } = await registry.publish({
        department,
        sdl,
        by: publisherOf(actor!),
        ...(url !== undefined ? { url } : {}),
        ...(override ? { override } : {}),
      });
      sendJson(res, unchanged ? 200 : 201, {
        unchanged,
        supergraph: supergraphView(supergraph),
        report: reportView(report),
      });
    },
  },
  {
    method: 'POST',
    path: '/v1/rollback',
    async handle({ req, res, actor, registry }) {
      requireScope(actor!, SCOPES.rollback, 'a rollback');
      const body = hasBody(req) ? await readJsonObject(req) : {};
      const to = body.to;
      if (to !== undefined && (typeof to !== 'number' || !Number.isInteger(to) || to < 1))
        throw new DataLayerError(
          'INVALID_ARGUMENT',
          'to must be a supergraph version number (a whole number from 1)',
        );
      const supergraph = await registry.rollback({
        by: publisherOf(actor!),
        ...(to !== undefined ? { to } : {}),
      });
      sendJson(res, 201, { supergraph: supergraphView(supergraph) });
    },
  },
  {
    method: 'PUT',
    path: '/v1/operations/:channel',
    async handle({ req, res, params, actor, registry }) {
      const channel = params.channel!;
      requireScope(actor!, SCOPES.operations(channel), `registering operations for ${channel}`);
      const operations = manifestOperations(await readJsonObject(req));
      const { registered } = await registry.registerOperations(channel, operations, publisherOf(actor!));
      sendJson(res, 200, { channel, registered, revision: await registry.store.operationsRevision() });
    },
  },
];

/** `{ sdl, url? }` of a check or publish; BAD_REQUEST when a field has the wrong type, INVALID_ARGUMENT for a url that is not http(s). */
function schemaBody(body: Record<string, unknown>): { sdl: string; url?: string } {
  if (typeof body.sdl !== 'string')
    throw new DataLayerError('BAD_REQUEST', 'sdl must be a string: the subgraph schema (SDL)');
  if (body.url === undefined || body.url === null) return { sdl: body.sdl };
  if (typeof body.url !== 'string') throw new DataLayerError('BAD_REQUEST', 'url must be a string');
  checkUrl(body.url);
  return { sdl: body.sdl, url: body.url };
}

/** `override: { reason }`, allowed only with `registry:override`. */
function overrideOf(body: Record<string, unknown>, actor: Actor): { reason: string } | undefined {
  const override = body.override;
  if (override === undefined || override === null) return undefined;
  requireScope(actor, SCOPES.override, 'an override');
  const reason = (override as { reason?: unknown }).reason;
  if (typeof override !== 'object' || typeof reason !== 'string' || reason.trim() === '')
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      'override needs a reason: { "override": { "reason": "…" } }',
    );
  if (reason.length > MAX_REASON_LENGTH)
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `override reason is longer than ${MAX_REASON_LENGTH} characters`,
    );
  return { reason };
}

/** True when the request carries a body (a rollback may be sent without one). */
function hasBody(req: http.IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
