import { fromEnv, resolveOptions } from './options';

describe('public-security options', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions()).toEqual({
      url: 'http://127.0.0.1:5101',
      servicePath: '/ws/HouseholdService',
      connections: 16,
      connectTimeoutMs: 2_000,
      timeoutMs: 5_000,
      maxBatchSize: 50,
      cacheTtlMs: undefined, // the identity data class's TTL applies
      cache: undefined,
      breaker: undefined,
    });
  });

  it('names the option and the value it got', () => {
    expect(() => resolveOptions({ maxBatchSize: 51 })).toThrow(
      'maxBatchSize must be a whole number from 1 to 50: 51',
    );
    expect(() => resolveOptions({ url: 'tcp://x:1' })).toThrow(
      'url must be an absolute http(s) URL: tcp://x:1',
    );
    expect(() => resolveOptions({ servicePath: 'ws' })).toThrow('servicePath must start with "/": ws');
  });

  it('reads the environment', () => {
    expect(
      fromEnv({
        PUBLIC_SECURITY_URL: 'http://10.1.2.3:8080',
        PUBLIC_SECURITY_BATCH_SIZE: '20',
        PUBLIC_SECURITY_BREAKER_TIMEOUT_MS: '900',
      }),
    ).toEqual({ url: 'http://10.1.2.3:8080', maxBatchSize: 20, breaker: { timeoutMs: 900 } });
  });

  it('stops start-up naming the variable that is wrong', () => {
    expect(() => fromEnv({ PUBLIC_SECURITY_TIMEOUT_MS: 'soon' })).toThrow(
      'PUBLIC_SECURITY_TIMEOUT_MS must be a number: soon',
    );
    expect(() => fromEnv({ PUBLIC_SECURITY_BATCH_SIZE: '60' })).toThrow(
      'PUBLIC_SECURITY_BATCH_SIZE: maxBatchSize must be a whole number from 1 to 50: 60',
    );
  });
});
