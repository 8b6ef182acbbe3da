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
