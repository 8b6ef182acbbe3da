import { createHash } from 'node:crypto';
import type { WCertificate } from '../data/world';
import { BadRequest, textField } from './bad-request';
import type { HandlerDeps } from './handler-deps';
import { MAX_KEYS_PER_REQUEST } from './protocol';

/** Certificates per searchByHolders page when the caller does not say. */
export const DEFAULT_PAGE_SIZE = 200;
/** Largest page the platform serves. */
export const MAX_PAGE_SIZE = 500;

const STATUSES = ['VALID', 'EXPIRED', 'REVOKED'];
const HOLDER_TYPES = ['PERSON', 'COMPANY'];

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

/** `POST /v1/certificates:batchGet`: the certificates asked for, and the ids the library does not hold. */
export function batchGet(deps: HandlerDeps, body: Record<string, unknown>): unknown {
  const ids = keyList(body, 'ids');
  if (!ids.every((id) => typeof id === 'string'))
    throw new BadRequest('INVALID_ARGUMENT', 'ids must be strings');
  const certificates = [];
  const notFound: string[] = [];
  for (const id of ids as string[]) {
    const c = deps.library.byId(id);
    if (c) certificates.push(deps.renderer.render(c));
    else notFound.push(id);
  }
  return { certificates, notFound };
}

interface PageToken {
  offset: number;
  query: string;
}

/** `POST /v1/certificates:searchByHolders`: holder by holder in the order asked, paged. */
export function searchByHolders(deps: HandlerDeps, body: Record<string, unknown>): unknown {
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
    for (const c of deps.library.byHolder(h.id)) {
      if (c.holderType !== h.type) continue;
      if (status !== undefined && deps.library.status(c) !== status) continue;
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

/** `POST /v1/certificates:findByVerificationCode`: the certificate a printed code belongs to, or null (404). */
export function findByVerificationCode(deps: HandlerDeps, body: Record<string, unknown>): unknown {
  const code = textField(body, 'verificationCode', 32);
  const c = deps.library.byVerificationCode(code);
  return c === undefined ? null : { certificate: deps.renderer.render(c) };
}

/** `GET /v1/issuers/{code}/public-key`, or null (404) for an unknown issuer. */
export function publicKey(deps: HandlerDeps, path: string): Record<string, unknown> | null {
  const code = decodeURIComponent(path.split('/')[3] ?? '');
  if (!deps.keys.has(code)) return null;
  return {
    issuerCode: code,
    algorithm: 'Ed25519',
    publicKeyPem: deps.keys.publicKeyPem(code),
    jwk: deps.keys.publicKeyJwk(code),
  };
}
