/**
 * The one registry of error codes the data layer can put in `extensions.code`.
 * Every error a client can see is listed here with its meaning and HTTP status;
 * the README's error table is generated from this object (see test/docs.test.ts),
 * so a code cannot exist without documentation.
 */
export const ERROR_CODES = {
  INVALID_IDENTITY_NUMBER: {
    status: 400,
    description:
      'The identity document number is malformed or its check digit (GB 11643) is wrong; no department was asked.',
  },
  INVALID_CREDIT_CODE: {
    status: 400,
    description:
      'The unified social credit code is malformed or its check character (GB 32100) is wrong; no department was asked.',
  },
  REQUEST_TOO_LARGE: {
    status: 413,
    description: 'The HTTP request body is larger than the server accepts (1 MiB).',
  },
  BAD_REQUEST: {
    status: 400,
    description: 'The HTTP request is not a GraphQL request (e.g. its body is not JSON).',
  },
  INVALID_ARGUMENT: {
    status: 400,
    description: 'An argument is outside what the field accepts (the message says which).',
  },
  DEPARTMENT_UNAVAILABLE: {
    status: 503,
    description: "The department's legacy system refused the connection or answered with a server error.",
  },
  DEPARTMENT_TIMEOUT: {
    status: 504,
    description: "The department's legacy system did not answer within the timeout.",
  },
  CIRCUIT_OPEN: {
    status: 503,
    description:
      'The circuit breaker for this legacy operation is open after repeated failures; the call was not made.',
  },
  RATE_LIMITED: {
    status: 429,
    description: 'The legacy system is rate limiting us; `retryAfter` says for how many seconds.',
  },
  IN_MAINTENANCE: {
    status: 503,
    description:
      'The legacy system is in its maintenance window; `retryAfter` says when it expects to be back.',
  },
  BAD_LEGACY_REPLY: {
    status: 502,
    description:
      'The legacy system answered something that does not follow its protocol (garbage, truncated, wrong encoding).',
  },
  LEGACY_FAULT: {
    status: 502,
    description:
      'The legacy system answered with a protocol-level error of its own (a SOAP Fault, an error record).',
  },
  BULKHEAD_FULL: {
    status: 503,
    description:
      'Too many calls to this legacy system are already in flight and its queue is full; failed fast.',
  },
  STALE_DATA: {
    status: 200,
    description:
      'Not a failure: the field was answered from the cache because its department failed; `ageSeconds` says how old the data is, `cause` why.',
  },
  NOT_FOUND: {
    status: 404,
    description: 'The record does not exist (fields that can be null return null instead).',
  },
  ILLEGAL_TRANSITION: {
    status: 409,
    description: 'A case cannot move from its current state to the one requested.',
  },
  UNKNOWN_MATTER: { status: 404, description: 'No matter in the catalogue has this code.' },
  UNKNOWN_INDUSTRY: {
    status: 404,
    description: 'No pilot industry of "one licence for one industry" has this code.',
  },
  WRONG_APPLICANT_KIND: {
    status: 400,
    description:
      'The matter is not offered to this kind of applicant (a person applied for a company matter, or the reverse).',
  },
  CHANNEL_NOT_OFFERED: {
    status: 400,
    description: 'The matter is not offered on the channel the request came from.',
  },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    description:
      'The idempotency key is missing or malformed (8 to 64 characters: letters, digits, `-`, `_`, `.`, `:`).',
  },
  IDEMPOTENCY_CONFLICT: {
    status: 409,
    description: 'The idempotency key was already used for a different request; the first case stands.',
  },
  DIGITAL_ID_MALFORMED: { status: 400, description: 'The digital ID code is not a code this system issues.' },
  DIGITAL_ID_FORGED: {
    status: 401,
    description: "The digital ID code's signature does not verify: it was not issued by the Big Data Center.",
  },
  DIGITAL_ID_EXPIRED: {
    status: 401,
    description: 'The digital ID code is past its short validity; the holder refreshes it in the app.',
  },
  DIGITAL_ID_REPLAYED: {
    status: 409,
    description:
      'The digital ID code was already presented and is shown again after its validity (a copied or photographed code).',
  },
  DIGITAL_ID_WRONG_SCENE: {
    status: 403,
    description:
      'The digital ID code cannot be used in this scene (issued for another scene, or a holder the scene does not serve).',
  },
  UNAUTHENTICATED: {
    status: 401,
    description:
      'No bearer token was sent (`Authorization: Bearer <JWT>`); every request but /health, /ready and /metrics needs one.',
  },
  TOKEN_INVALID: {
    status: 401,
    description:
      'The token is not one this data layer accepts: bad signature, unknown key, an algorithm outside the allow-list (`none`, HS*), wrong issuer or audience, or claims that do not make an actor.',
  },
  TOKEN_EXPIRED: {
    status: 401,
    description:
      'The token is past its expiry (or not yet valid); the client gets a new one from the identity provider.',
  },
  AUTH_UNAVAILABLE: {
    status: 503,
    description:
      "The identity provider's keys (the JWKS URL) could not be fetched, so no token can be checked; retry later.",
  },
  FORBIDDEN: {
    status: 403,
    description:
      "The caller's role may not read or do this (another person's or company's data, a field the role never sees, a scope the client lacks).",
  },
  PURPOSE_REQUIRED: {
    status: 403,
    description:
      'An officer reading personal data must state a purpose in the `x-purpose` header: `case:<case id>` of a case they handle, or a statutory purpose code from the registry.',
  },
  PURPOSE_INVALID: {
    status: 403,
    description:
      'The stated purpose does not allow this: an unknown purpose code, a case the officer does not handle, or a purpose that does not cover this data.',
  },
  SUBJECTS_INCOMPLETE: {
    status: 409,
    description:
      'Between the gateway and a subgraph only: the request touched someone outside the part of its subjects known so far (the set was still being worked out), so the subgraph withheld its answer; the gateway asks again with the whole set. A client never sees it.',
  },
  CONTEXT_REQUIRED: {
    status: 401,
    description:
      'A subgraph was called without a valid signed context from the gateway (missing, forged, expired, or bound to another request); subgraphs answer only the gateway.',
  },
  AUDIT_UNAVAILABLE: {
    status: 503,
    description:
      'The audit trail could not record this read, so the data was not returned (fail closed); nothing was lost, retry later.',
  },
  QUERY_TOO_DEEP: { status: 400, description: 'The operation nests fields deeper than the gateway allows.' },
  TOO_MANY_ALIASES: { status: 400, description: 'The operation uses more aliases than the gateway allows.' },
  TOO_MANY_TOKENS: {
    status: 400,
    description: 'The operation text has more lexical tokens than the gateway parses.',
  },
  QUERY_TOO_COSTLY: {
    status: 400,
    description: "The operation's estimated cost (fields times list sizes) is above the gateway's limit.",
  },
  INTROSPECTION_DISABLED: {
    status: 400,
    description: 'Schema introspection is turned off on this gateway (production default).',
  },
  OPERATION_NOT_PERSISTED: {
    status: 400,
    description:
      'The gateway runs in safelist mode and the operation is not one the channel app registered (send its id, not its text).',
  },
  SCHEMA_INVALID: {
    status: 400,
    description:
      'A published subgraph schema does not parse, or a type, field, argument or enum value in it has no description (the message says which).',
  },
  TYPE_NOT_OWNED: {
    status: 403,
    description:
      "A department's schema declares a type another department owns (only entities, with @key, are shared); the message names the type and its owner.",
  },
  COMPOSITION_FAILED: {
    status: 422,
    description:
      'The subgraph does not compose with the others into a supergraph; each reason names the subgraph it comes from.',
  },
  OPERATIONS_WOULD_BREAK: {
    status: 409,
    description:
      'The change would break operations a channel app uses (registered or seen in live traffic); the error lists them with their owners. An explicit, recorded override can land it.',
  },
  OPERATION_INVALID: {
    status: 422,
    description: 'An operation a channel app registers does not validate against the current supergraph.',
  },
  REGISTRY_CONFLICT: {
    status: 409,
    description: 'Another publish or rollback landed first; check again against the new current supergraph.',
  },
  REGISTRY_UNAVAILABLE: {
    status: 503,
    description:
      "The schema registry's database did not answer or failed; nothing was published, and gateways keep serving the supergraph they have.",
  },
  UNKNOWN_DEPARTMENT: {
    status: 404,
    description: 'No department of this data layer has this code (gateway/departments.ts lists them).',
  },
  VERSION_NOT_FOUND: {
    status: 404,
    description: 'The registry holds no supergraph or subgraph version with this number.',
  },
  INTERNAL: {
    status: 500,
    description: 'An unexpected error inside the data layer; details are in the logs under the trace id.',
  },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The README's error table, generated from the registry (test/docs.test.ts keeps the README equal to it). */
export function errorCodeTable(): string {
  const rows = Object.entries(ERROR_CODES).map(
    ([code, e]) => `| \`${code}\` | ${e.status} | ${e.description} |`,
  );
  return ['| code | HTTP | meaning |', '|---|---|---|', ...rows].join('\n');
}
