import { fromEnv, HOUSING_DEFAULTS, resolveHousingOptions } from './options';

describe('housing adapter options', () => {
  it('fills in the defaults', () => {
    expect(resolveHousingOptions({})).toEqual(HOUSING_DEFAULTS);
    expect(HOUSING_DEFAULTS).toEqual({
      url: 'tcp://127.0.0.1:5104',
      maxConnections: 4,
      connectTimeoutMs: 2_000,
      requestTimeoutMs: 2_500,
      idleTimeoutMs: 30_000,
    });
    expect(resolveHousingOptions({}).cacheTtlMs).toBeUndefined(); // the property data class's TTL applies
  });

  it('names the option and the value it refuses', () => {
    expect(() => resolveHousingOptions({ url: 'http://127.0.0.1:5104' })).toThrow(
      'url must be a tcp://host:port URL: http://127.0.0.1:5104',
    );
    expect(() => resolveHousingOptions({ maxConnections: 0 })).toThrow(
      'maxConnections must be a positive integer: 0',
    );
    expect(() => resolveHousingOptions({ requestTimeoutMs: 2.5 })).toThrow(
      'requestTimeoutMs must be a positive integer: 2.5',
    );
  });

  it('reads HOUSING_* variables and names the variable holding a bad value', () => {
    expect(fromEnv({ HOUSING_URL: 'tcp://registry:7001', HOUSING_REQUEST_TIMEOUT_MS: '1500' })).toEqual({
      url: 'tcp://registry:7001',
      requestTimeoutMs: 1500,
    });
    expect(() => fromEnv({ HOUSING_MAX_CONNECTIONS: 'many' })).toThrow(
      'HOUSING_MAX_CONNECTIONS must be a positive integer: many',
    );
    expect(() => fromEnv({ HOUSING_URL: 'registry:7001' })).toThrow(
      'HOUSING_URL: url must be a tcp://host:port URL: registry:7001',
    );
  });
});
