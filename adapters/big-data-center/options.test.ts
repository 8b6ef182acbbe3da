import { createBigDataCenterAdapter } from './index';
import { fromEnv, resolveOptions } from './options';

describe('big-data-center options', () => {
  it('fills the documented defaults', () => {
    expect(resolveOptions({})).toEqual({
      url: 'http://127.0.0.1:5107',
      appKey: 'owdl-demo-app',
      appSecret: 'owdl-demo-secret-for-local-runs-only',
      connections: 16,
      connectTimeoutMs: 2_000,
      requestTimeoutMs: 5_000,
      pageSize: 500,
      maxBatchSize: 100,
      cacheTtlMs: 60_000,
      keyCacheTtlMs: 3_600_000,
      jwksTtlMs: 600_000,
      suishenmaVerifierKey: 'b3dkbC1kZW1vLXN1aXNoZW5tYS12ZXJpZmllci1rZXk',
      digitalIdReplayGraceMs: 300_000,
      now: Date.now,
    });
  });

  it('names the option and the value it got', () => {
    expect(() => createBigDataCenterAdapter({ maxBatchSize: 101 })).toThrow(
      'maxBatchSize must be an integer from 1 to 100: 101',
    );
    expect(() => createBigDataCenterAdapter({ url: 'ftp://x' })).toThrow(
      'url must be an absolute http(s) URL: ftp://x',
    );
  });

  it('never repeats a rejected secret', () => {
    expect(() => resolveOptions({ appSecret: 'short-secret' })).toThrow(
      'appSecret must be a string of at least 16 characters (got 12)',
    );
    expect(() =>
      createBigDataCenterAdapter({
        suishenmaVerifierKey: 'b3dkbC1kZW1vLXN1aXNoZW5tYS12ZXJpZmllci1rZXk,short-verifier-key',
      }),
    ).toThrow(
      'suishenmaVerifierKey must be base64url of 32 bytes (43 characters [A-Za-z0-9_-], no padding), ' +
        'comma-separated when several: key 2 has 18 characters',
    );
  });

  it('reads the environment and names a bad variable', () => {
    expect(
      fromEnv({
        BIG_DATA_CENTER_URL: 'http://bdc:8080',
        BIG_DATA_CENTER_APP_KEY: 'counter-app',
        BIG_DATA_CENTER_PAGE_SIZE: '50',
        BIG_DATA_CENTER_JWKS_TTL_MS: '60000',
        BIG_DATA_CENTER_SUISHENMA_VERIFIER_KEY: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc',
      }),
    ).toEqual({
      url: 'http://bdc:8080',
      appKey: 'counter-app',
      appSecret: undefined,
      requestTimeoutMs: undefined,
      pageSize: 50,
      cacheTtlMs: undefined,
      jwksTtlMs: 60_000,
      suishenmaVerifierKey: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc',
      digitalIdReplayGraceMs: undefined,
    });
    expect(() =>
      fromEnv({ BIG_DATA_CENTER_SUISHENMA_VERIFIER_KEY: 'BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBw==' }),
    ).toThrow(
      'BIG_DATA_CENTER_SUISHENMA_VERIFIER_KEY: suishenmaVerifierKey must be base64url of 32 bytes (43 characters ' +
        '[A-Za-z0-9_-], no padding), comma-separated when several: key 1 has 44 characters',
    );
    expect(() => fromEnv({ BIG_DATA_CENTER_PAGE_SIZE: '900' })).toThrow(
      'BIG_DATA_CENTER_PAGE_SIZE: pageSize must be an integer from 1 to 500: 900',
    );
    expect(() => fromEnv({ BIG_DATA_CENTER_DIGITAL_ID_REPLAY_GRACE_MS: '-5' })).toThrow(
      'BIG_DATA_CENTER_DIGITAL_ID_REPLAY_GRACE_MS must be a positive integer: -5',
    );
    expect(() => fromEnv({ BIG_DATA_CENTER_TIMEOUT_MS: 'soon' })).toThrow(
      'BIG_DATA_CENTER_TIMEOUT_MS must be a positive integer: soon',
    );
  });
});
