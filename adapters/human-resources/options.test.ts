import { fromEnv, resolveOptions } from './options';

describe('human-resources options', () => {
  it('fills in the defaults', () => {
    expect(resolveOptions({})).toEqual({
      url: 'http://127.0.0.1:5106',
      timeoutMs: 10_000,
      connectTimeoutMs: 2_000,
      connections: 8,
      maxConnections: 32,
      maxBatchSize: 500,
    });
    expect(resolveOptions({}).cacheTtlMs).toBeUndefined(); // the social-security data class's TTL applies
  });

  it('refuses a batch larger than the legacy cap, naming the option and the value', () => {
    expect(() => resolveOptions({ maxBatchSize: 501 })).toThrow(
      'maxBatchSize must be a whole number from 1 to 500: 501',
    );
  });

  it('refuses a URL that is not http(s)', () => {
    expect(() => resolveOptions({ url: 'tcp://127.0.0.1:5106' })).toThrow(
      'url must be an absolute http(s) URL: tcp://127.0.0.1:5106',
    );
  });

  it('refuses a zero timeout', () => {
    expect(() => resolveOptions({ timeoutMs: 0 })).toThrow(
      'timeoutMs must be a whole number from 1 to 600000: 0',
    );
  });

  it('refuses a maxConnections below connections, from options and from the environment', () => {
    expect(() => resolveOptions({ connections: 8, maxConnections: 4 })).toThrow(
      'maxConnections must be at least connections (8): 4',
    );
    expect(() => fromEnv({ HUMAN_RESOURCES_MAX_CONNECTIONS: '4' })).toThrow(
      'HUMAN_RESOURCES_MAX_CONNECTIONS: maxConnections must be at least connections (8): 4',
    );
    expect(fromEnv({ HUMAN_RESOURCES_CONNECTIONS: '4', HUMAN_RESOURCES_MAX_CONNECTIONS: '4' })).toMatchObject(
      {
        connections: 4,
        maxConnections: 4,
      },
    );
  });

  it('names the new option when the old one is used', () => {
    expect(() => resolveOptions({ batchSize: 100 } as never)).toThrow('batchSize was renamed maxBatchSize');
  });

  it('reads the environment', () => {
    expect(
      fromEnv({ HUMAN_RESOURCES_URL: 'http://hr.intra:8080', HUMAN_RESOURCES_TIMEOUT_MS: '20000' }),
    ).toEqual({
      url: 'http://hr.intra:8080',
      timeoutMs: 20_000,
      connections: undefined,
      maxConnections: undefined,
      maxBatchSize: undefined,
      cacheTtlMs: undefined,
    });
  });

  it('stops start-up naming the variable that is wrong', () => {
    expect(() => fromEnv({ HUMAN_RESOURCES_BATCH_SIZE: '1000' })).toThrow(
      'HUMAN_RESOURCES_BATCH_SIZE: maxBatchSize must be a whole number from 1 to 500: 1000',
    );
    expect(() => fromEnv({ HUMAN_RESOURCES_TIMEOUT_MS: 'soon' })).toThrow(
      'HUMAN_RESOURCES_TIMEOUT_MS must be a positive whole number: soon',
    );
    expect(() => fromEnv({ HUMAN_RESOURCES_URL: 'hr.intra' })).toThrow(
      'HUMAN_RESOURCES_URL: url must be an absolute http(s) URL: hr.intra',
    );
  });
});
