import { randomFillSync } from 'node:crypto';

/** Random bytes drawn at a time: one draw serves a thousand trace and span ids. */
export const RANDOM_POOL_BYTES = 16 * 1024;

/** A randomHex over its own pool, refilled by `fill` (crypto.randomFillSync; tests count the draws). */
export function randomHexPool(fill: (pool: Buffer) => void = randomFillSync): (bytes: number) => string {
  const pool = Buffer.allocUnsafe(RANDOM_POOL_BYTES);
  let used = RANDOM_POOL_BYTES;
  return (bytes) => {
    if (!Number.isInteger(bytes) || bytes < 1 || bytes > RANDOM_POOL_BYTES)
      throw new RangeError(`randomHex takes 1 to ${RANDOM_POOL_BYTES} bytes: ${bytes}`);
    if (used + bytes > RANDOM_POOL_BYTES) {
      fill(pool);
      used = 0;
    }
    const hex = pool.toString('hex', used, used + bytes);
    used += bytes;
    return hex;
  };
}

/**
 * `bytes` random bytes as lowercase hex, for ids that must be unique but are no secret (W3C trace
 * and span ids), from a pool crypto.randomFillSync refills when it runs out: a crypto.randomBytes
 * call per id cost the gateway 2.4 % of its CPU under the scan storm (two per request). Keys,
 * nonces and anything secret use crypto.randomBytes directly.
 */
export const randomHex = randomHexPool();
