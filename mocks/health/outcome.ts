import type { HttpMockReply, HttpProtocol, HttpMockRequest } from '../kit/http-mock';

export const FHIR_JSON = 'application/fhir+json;charset=utf-8';

/** An error the server answers with an OperationOutcome (FHIR's one error shape). */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    /** OperationOutcome.issue.code, from FHIR's IssueType value set. */
    readonly issueCode: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function operationOutcome(
  status: number,
  issueCode: string,
  diagnostics: string,
  headers: Record<string, string> = {},
): HttpMockReply {
  const body = {
    resourceType: 'OperationOutcome',
    issue: [{ severity: status >= 500 ? 'fatal' : 'error', code: issueCode, diagnostics }],
  };
  return { status, headers: { 'content-type': FHIR_JSON, ...headers }, body: JSON.stringify(body) };
}

export function fhirReply(resource: unknown, status = 200): HttpMockReply {
  return { status, headers: { 'content-type': FHIR_JSON }, body: JSON.stringify(resource) };
}

/** Names each request's operation for the counters; `/fhir?_getpages=` is a page of an earlier search. */
export function operationOf(req: HttpMockRequest): string {
  const parts = req.path.replace(/\/+$/, '').split('/').filter(Boolean);
  if (parts[0] !== 'fhir') return 'unknown';
  if (parts.length === 1) return req.query.has('_getpages') ? 'Bundle.page' : 'unknown';
  if (parts[1] === 'metadata') return 'metadata';
  return `${parts[1]}.${parts.length === 2 ? 'search' : 'read'}`;
}

/** How many identifiers a search asks for: the comma-separated values of its identifier parameters. */
export function identifierCount(req: HttpMockRequest): number {
  const values = [...req.query.getAll('subject:identifier'), ...req.query.getAll('identifier')];
  if (values.length === 0) return operationOf(req) === 'Bundle.page' ? 0 : 1;
  return values.reduce((n, v) => n + splitOr(v).length, 0);
}

/** Splits a FHIR OR-list on commas that are not escaped as `\,`. */
export function splitOr(value: string): string[] {
  return value
    .split(/(?<!\\),/)
    .map((v) => v.replace(/\\,/g, ',').trim())
    .filter((v) => v.length > 0);
}

export const fhirProtocol: HttpProtocol = {
  operation: operationOf,
  keys: identifierCount,
  serverError: () =>
    operationOutcome(
      500,
      'exception',
      'HAPI-0389: Failed to call access method: java.sql.SQLTransientConnectionException',
    ),
  rateLimited: (retryAfter) =>
    operationOutcome(429, 'throttled', `Too many requests, retry after ${retryAfter} s`, {
      'retry-after': String(retryAfter),
    }),
  maintenance: (retryAfter) =>
    operationOutcome(503, 'transient', '系统维护中 (scheduled maintenance)', {
      'retry-after': String(retryAfter),
    }),
  contentType: FHIR_JSON,
};
