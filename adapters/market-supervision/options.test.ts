import { MemoryCache } from '../kit/cache';
import { fromEnv, MARKET_SUPERVISION_DEFAULTS, resolveOptions } from './options';

describe('market-supervision options', () => {
  it('fills every default', () => {
    expect(resolveOptions({})).toEqual({
      url: 'http://127.0.0.1:5102',
      pageSize: 20,
      pageConcurrency: 4,
      maxBatchSize: 100,
      connections: 16,
      connectTimeoutMs: 2_000,
      headersTimeoutMs: 5_000,
      bodyTimeoutMs: 5_000,
    });
    expect(resolveOptions({}).cacheTtlMs).toBeUndefined(); // the registration data class's TTL applies
    expect(resolveOptions({}).pageSize).toBe(MARKET_SUPERVISION_DEFAULTS.pageSize);
  });

  it('names the option and the value it got when one is wrong', () => {
    expect(() => resolveOptions({ maxBatchSize: 0 })).toThrow(
      'maxBatchSize must be a whole number from 1 to 100: 0',
    );
    expect(() => resolveOptions({ url: 'ftp://x' })).toThrow('url must be an http(s) URL: "ftp://x"');
    expect(() => resolveOptions({ cacheTtlMs: 1.5 })).toThrow(
      'cacheTtlMs must be a whole number from 1 to 86400000: 1.5',
    );
  });

  it('refuses an option it does not know', () => {
    expect(() => resolveOptions({ page_size: 20 } as never)).toThrow(
      'unknown market-supervision adapter option: page_size',
    );
  });

  it('keeps the cache and breaker it is given', () => {
    const cache = new MemoryCache();
    expect(resolveOptions({ cache, breaker: { timeoutMs: 9 } })).toMatchObject({
      cache,
      breaker: { timeoutMs: 9 },
    });
  });

  it('reads the MARKET_SUPERVISION_ variables', () => {
    expect(
      fromEnv({
        MARKET_SUPERVISION_URL: 'http://registry.example:8080',
        MARKET_SUPERVISION_PAGE_SIZE: '10',
        MARKET_SUPERVISION_CACHE_TTL_MS: '1000',
        MARKET_SUPERVISION_TIMEOUT_MS: '2500',
      }),
    ).toEqual({
      url: 'http://registry.example:8080',
      pageSize: 10,
      cacheTtlMs: 1000,
      breaker: { timeoutMs: 2500 },
    });
    expect(fromEnv({})).toEqual({});
  });

  it('names the variable when its value is wrong', () => {
    expect(() => fromEnv({ MARKET_SUPERVISION_PAGE_SIZE: '50' })).toThrow(
      'MARKET_SUPERVISION_PAGE_SIZE must be a whole number from 1 to 20: 50',
    );
    expect(() => fromEnv({ MARKET_SUPERVISION_URL: 'registry' })).toThrow(
      'MARKET_SUPERVISION_URL must be an absolute http(s) URL: registry',
    );
    expect(() => fromEnv({ MARKET_SUPERVISION_TIMEOUT_MS: 'soon' })).toThrow(
      'MARKET_SUPERVISION_TIMEOUT_MS must be a positive whole number: soon',
    );
  });
});
