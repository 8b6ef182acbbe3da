import { formatGatewayError } from './server';

describe('formatGatewayError', () => {
  it('keeps a registry code with its department and retryAfter, and drops everything else', () => {
    expect(
      formatGatewayError({
        message: 'human-resources is in maintenance',
        path: ['person', 'socialSecurity'],
        extensions: {
          code: 'IN_MAINTENANCE',
          department: 'human-resources',
          retryAfter: 600,
          serviceName: 'human-resources',
          stacktrace: ['x'],
        },
      }),
    ).toEqual({
      message: 'human-resources is in maintenance',
      path: ['person', 'socialSecurity'],
      locations: undefined,
      extensions: { code: 'IN_MAINTENANCE', department: 'human-resources', retryAfter: 600 },
    });
  });

  it('hides the message of a subgraph that failed without a code of ours (it may name internal URLs)', () => {
    expect(
      formatGatewayError({
        message: 'request to http://10.0.0.5:4003/graphql failed, reason: ECONNREFUSED',
        extensions: { code: 'DOWNSTREAM_SERVICE_ERROR', serviceName: 'health' },
      }),
    ).toMatchObject({
      message: 'department health did not answer',
      extensions: { code: 'DEPARTMENT_UNAVAILABLE', department: 'health' },
    });
  });

  it('passes GraphQL validation errors and masks the unknown', () => {
    expect(
      formatGatewayError({
        message: 'Cannot query field "x"',
        extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
      }).extensions,
    ).toEqual({
      code: 'GRAPHQL_VALIDATION_FAILED',
    });
    expect(formatGatewayError({ message: 'TypeError: at /srv/x.js:1', extensions: {} })).toEqual({
      message: 'internal error',
      locations: undefined,
      path: undefined,
      extensions: { code: 'INTERNAL' },
    });
  });
});
