import { randomFillSync } from 'node:crypto';
import { RANDOM_POOL_BYTES, randomHex, randomHexPool } from './random-hex';

describe('randomHex', () => {
  it('gives `bytes` bytes as lowercase hex, never the same id twice across refills of the pool', () => {
    const ids = Array.from({ length: 3 * (RANDOM_POOL_BYTES / 16) + 7 }, () => randomHex(16));
    for (const id of ids) expect(id).toMatch(/^[\da-f]{32}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(randomHex(8)).toMatch(/^[\da-f]{16}$/);
    expect(randomHex(RANDOM_POOL_BYTES)).toHaveLength(2 * RANDOM_POOL_BYTES);
  });

  it('draws from the operating system once per pool, not once per id', () => {
    let draws = 0;
    const hex = randomHexPool((pool) => {
      draws++;
      randomFillSync(pool);
    });
    for (let i = 0; i < RANDOM_POOL_BYTES / 8; i++) hex(8);
    expect(draws).toBe(1);
    hex(8);
    expect(draws).toBe(2);
    // What does not fit in the rest of the pool comes from a fresh one, whole.
    hex(RANDOM_POOL_BYTES);
    expect(draws).toBe(3);
  });

  it('refuses a size it cannot serve', () => {
    for (const bad of [0, -1, 1.5, RANDOM_POOL_BYTES + 1, NaN])
      expect(() => randomHex(bad)).toThrow(RangeError);
  });
});
