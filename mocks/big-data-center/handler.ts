import { createHash } from 'node:crypto';
import type { WCertificate, WorldIndex } from '../data/world';
import type { HttpMockReply, HttpMockRequest } from '../kit/http-mock';
import type { IssuerKeyring } from './issuer-keys';
import { jsonReply, MAX_KEYS_PER_REQUEST, operationOf } from './protocol';
import type { CertificateRenderer } from './records';
import type { RequestAuthenticator } from './request-auth';

/** Certificates per searchByHolders page when the caller does not say. */
export const DEFAULT_PAGE_SIZE = 200;
/** Largest page the platform serves. */
export const MAX_PAGE_SIZE = 500;

const STATUSES = ['VALID', 'EXPIRED', 'REVOKED'];
const HOLDER_TYPES = ['PERSON', 'COMPANY'];

interface HandlerDeps {
  world: WorldIndex;
  auth: RequestAuthenticator;
  keys: IssuerKeyring;
  renderer: CertificateRenderer;
}

class BadRequest extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function parseJson(req: HttpMockRequest): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(req.body.toString('utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* answered below */
  }
  throw new BadRequest('INVALID_ARGUMENT', 'the body must be a JSON object');
}

function keyList(body: Record<string, unknown>, field: string): unknown[] {
  const list = body[field];
  if (!Array.isArray(list) || list.length === 0)
    throw new BadRequest('INVALID_ARGUMENT', `${field} must be a non-empty array`);
  if (list.length > MAX_KEYS_PER_REQUEST)
    throw new BadRequest(
      'TOO_MANY_KEYS',
      `${field} holds ${list.length} entries; at most ${MAX_KEYS_PER_REQUEST} per request`,
    );
  return list;
}

function batchGet(deps: HandlerDeps, body: Record<string, unknown>): unknown {
  const ids = keyList(body, 'ids');
  if (!ids.every((id) => typeof id === 'string'))
    throw new BadRequest('INVALID_ARGUMENT', 'ids must be strings');
  const certificates = [];
  const notFound: string[] = [];
  for (const id of ids as string[]) {
    const c = deps.world.certificateById.get(id);
    if (c) certificates.push(deps.renderer.render(c));
    else notFound.push(id);
  }
  return { certificates, notFound };
}

interface PageToken {
  offset: number;
  query: string;
}

function searchByHolders(deps: HandlerDeps, body: Record<string, unknown>): unknown {
  const holders = keyList(body, 'holders').map((h, i) => {
    const ref = h as { type?: unknown; id?: unknown } | null;
    if (!ref || typeof ref.id !== 'string' || !HOLDER_TYPES.includes(ref.type as string))
      throw new BadRequest(
        'INVALID_ARGUMENT',
        `holders[${i}] must be { "type": "PERSON" | "COMPANY", "id": string }`,
      );
    return { type: ref.type as string, id: ref.id };
  });
  const { status, type } = body;
  if (status !== undefined && !STATUSES.includes(status as string))
    throw new BadRequest('INVALID_ARGUMENT', `status must be one of ${STATUSES.join(', ')}`);
  if (type !== undefined && typeof type !== 'string')
    throw new BadRequest('INVALID_ARGUMENT', 'type must be a string');
  const pageSize = body.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || (pageSize as number) < 1 || (pageSize as number) > MAX_PAGE_SIZE)
    throw new BadRequest('INVALID_ARGUMENT', `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  // The token is bound to the query it came from, so it cannot be replayed against another one.
  const query = createHash('sha256')
    .update(JSON.stringify({ holders, status, type }))
    .digest('hex')
    .slice(0, 16);
  let offset = 0;
  if (body.pageToken !== undefined) {
    let token: PageToken | undefined;
    try {
      token = JSON.parse(Buffer.from(String(body.pageToken), 'base64url').toString('utf8')) as PageToken;
    } catch {
      token = undefined;
    }
    if (!token || token.query !== query || !Number.isInteger(token.offset) || token.offset < 0)
      throw new BadRequest('INVALID_PAGE_TOKEN', 'pageToken does not belong to this query');
    offset = token.offset;
  }
  const all: WCertificate[] = [];
  for (const h of holders) {
    for (const c of deps.world.certificatesByHolder.get(h.id) ?? []) {
      if (c.holderType !== h.type) continue;
      if (status !== undefined && c.status !== status) continue;
      if (type !== undefined && c.type !== type) continue;
      all.push(c);
    }
  }
  const page = all.slice(offset, offset + (pageSize as number));
  const next = offset + page.length;
  const reply: Record<string, unknown> = { certificates: page.map((c) => deps.renderer.render(c)) };
  if (next < all.length)
    reply.nextPageToken = Buffer.from(JSON.stringify({ offset: next, query })).toString('base64url');
  return reply;
}

function publicKey(deps: HandlerDeps, path: string): Record<string, unknown> | null {
  const code = decodeURIComponent(path.split('/')[3] ?? '');
  if (!deps.keys.has(code)) return null;
  return {
    issuerCode: code,
    algorithm: 'Ed25519',
    publicKeyPem: deps.keys.publicKeyPem(code),
    jwk: deps.keys.publicKeyJwk(code),
  };
}

/**
 * The platform's application: authenticates every request (401 with a JSON code when
 * refused, unsigned), then serves the certificate library and signs every reply with
 * the caller's app secret.
 */
export function createHandler(deps: HandlerDeps): (req: HttpMockRequest) => HttpMockReply {
  return (req) => {
    const auth = deps.auth.check(req);
    if (!auth.ok) return jsonReply(401, { code: auth.code, message: auth.message });
    const secret = auth.secret;
    try {
      switch (operationOf(req)) {
        case 'certificates:batchGet':
          return jsonReply(200, batchGet(deps, parseJson(req)), secret);
        case 'certificates:searchByHolders':
          return jsonReply(200, searchByHolders(deps, parseJson(req)), secret);
        case 'issuers.publicKey': {
          const key = publicKey(deps, req.path);
          return key === null
            ? jsonReply(404, { code: 'NOT_FOUND', message: 'no such issuer' }, secret)
            : jsonReply(200, key, secret);
        }
        case 'ping':
          return jsonReply(200, { status: 'ok', appKey: auth.appKey }, secret);
        default:
          return jsonReply(404, { code: 'NOT_FOUND', message: `no route ${req.method} ${req.path}` }, secret);
      }
    } catch (e) {
      if (e instanceof BadRequest) return jsonReply(400, { code: e.code, message: e.message }, secret);
      throw e;
    }
  };
}
