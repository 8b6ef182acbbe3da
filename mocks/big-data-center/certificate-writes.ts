import type { DepartmentCode, HolderType } from '../data/world';
import { BadRequest, textField } from './bad-request';
import type { HandlerDeps } from './handler-deps';
import type { IssueRequest } from './library';

/** Request ids: the caller's idempotency key (a case id, a UUID...). */
export const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HOLDER_ID = /^[A-Z0-9-]{6,40}$/;

function isoDate(v: unknown, field: string): string {
  if (typeof v !== 'string' || !ISO_DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
    throw new BadRequest('INVALID_ARGUMENT', `${field} must be a YYYY-MM-DD date`);
  if (new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v)
    throw new BadRequest('INVALID_ARGUMENT', `${field} is not a calendar date: ${v}`);
  return v;
}

function issueRequest(deps: HandlerDeps, body: Record<string, unknown>): IssueRequest {
  const requestId = textField(body, 'requestId', 64, REQUEST_ID);
  const type = textField(body, 'type', 64, /^[A-Z][A-Z0-9_]+$/);
  const title = textField(body, 'title', 100);
  const issuerCode = textField(body, 'issuerCode', 40);
  if (!deps.keys.has(issuerCode))
    throw new BadRequest('UNKNOWN_ISSUER', `no issuing department ${issuerCode} is registered`);
  const holder = body.holder as { type?: unknown; id?: unknown } | null | undefined;
  if (
    !holder ||
    (holder.type !== 'PERSON' && holder.type !== 'COMPANY') ||
    typeof holder.id !== 'string' ||
    !HOLDER_ID.test(holder.id)
  )
    throw new BadRequest('INVALID_ARGUMENT', 'holder must be { "type": "PERSON" | "COMPANY", "id": string }');
  const validFrom = isoDate(body.validFrom, 'validFrom');
  const validUntil = body.validUntil === null ? null : isoDate(body.validUntil, 'validUntil');
  if (validUntil !== null && validUntil < validFrom)
    throw new BadRequest('INVALID_ARGUMENT', `validUntil ${validUntil} is before validFrom ${validFrom}`);
  const number = body.number === undefined ? undefined : textField(body, 'number', 64);
  return {
    requestId,
    type,
    title,
    issuerCode: issuerCode as DepartmentCode,
    holder: { type: holder.type as HolderType, id: holder.id },
    validFrom,
    validUntil,
    ...(number === undefined ? {} : { number }),
  };
}

/**
 * `POST /v1/certificates:issue`: a department issues a certificate into the library; the
 * library signs it with that department's key. Idempotent by `requestId`.
 */
export function issueCertificate(deps: HandlerDeps, body: Record<string, unknown>): unknown {
  const { certificate, replayed } = deps.library.issue(issueRequest(deps, body));
  return { certificate: deps.renderer.render(certificate), replayed };
}

/** `POST /v1/certificates/{id}:revoke` `{ reason, requestId }`. Idempotent by `requestId`. */
export function revokeCertificate(deps: HandlerDeps, path: string, body: Record<string, unknown>): unknown {
  const id = decodeURIComponent(/^\/v1\/certificates\/([^/]+):revoke$/.exec(path)![1]!);
  const reason = textField(body, 'reason', 200);
  const requestId = textField(body, 'requestId', 64, REQUEST_ID);
  const { certificate, replayed } = deps.library.revoke(id, reason, requestId);
  return { certificate: deps.renderer.render(certificate), replayed };
}
