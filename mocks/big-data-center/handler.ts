import type { HttpMockReply, HttpMockRequest } from '../kit/http-mock';
import { BadRequest, parseJson } from './bad-request';
import { batchGet, findByVerificationCode, publicKey, searchByHolders } from './certificate-reads';
import { issueCertificate, revokeCertificate } from './certificate-writes';
import type { HandlerDeps } from './handler-deps';
import { jsonReply, operationOf } from './protocol';

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './certificate-reads';
export type { HandlerDeps } from './handler-deps';

/** The reply body of a route, or null for its signed 404. */
async function route(deps: HandlerDeps, req: HttpMockRequest, appKey: string): Promise<unknown> {
  switch (operationOf(req)) {
    case 'certificates:batchGet':
      return batchGet(deps, parseJson(req));
    case 'certificates:searchByHolders':
      return searchByHolders(deps, parseJson(req));
    case 'certificates:findByVerificationCode':
      return findByVerificationCode(deps, parseJson(req));
    case 'certificates:issue':
      return issueCertificate(deps, parseJson(req));
    case 'certificates:revoke':
      return revokeCertificate(deps, req.path, parseJson(req));
    case 'issuers.publicKey':
      return publicKey(deps, req.path);
    case 'suishenma:issue':
      return deps.suishenma.issue(parseJson(req));
    case 'suishenma.jwks':
      return deps.suishenma.jwks();
    case 'ping':
      return { status: 'ok', appKey };
    default:
      throw new BadRequest('NOT_FOUND', `no route ${req.method} ${req.path}`, 404);
  }
}

/**
 * The platform's application: authenticates every request (401 with a JSON code when
 * refused, unsigned), then serves the certificate library and the digital ID service
 * and signs every reply with the caller's app secret.
 */
export function createHandler(deps: HandlerDeps): (req: HttpMockRequest) => Promise<HttpMockReply> {
  return async (req) => {
    const auth = deps.auth.check(req);
    if (!auth.ok) return jsonReply(401, { code: auth.code, message: auth.message });
    try {
      const body = await route(deps, req, auth.appKey);
      return body === null
        ? jsonReply(404, { code: 'NOT_FOUND', message: `nothing found for ${req.path}` }, auth)
        : jsonReply(200, body, auth);
    } catch (e) {
      if (e instanceof BadRequest) return jsonReply(e.status, { code: e.code, message: e.message }, auth);
      throw e;
    }
  };
}
