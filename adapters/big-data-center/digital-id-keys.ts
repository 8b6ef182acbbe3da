import { createPublicKey, type KeyObject } from 'node:crypto';
import { logger } from '../kit/logger';
import type { JsonWebKeySet } from './suishenma-mapping';

/** Least time between two fetches triggered by an unknown key id, in ms (a forged kid must not flood the platform). */
const UNKNOWN_KID_REFETCH_MS = 30_000; // 30 s

/**
 * The Suishenma signing keys, fetched from the platform's JWKS and kept in process as
 * ready KeyObjects, so verifying a scanned code costs no request. Refetched when older
 * than `ttlMs`, or when a code names a key id we do not know (a rotation), at most once
 * per 30 s for the latter. Concurrent scans share one fetch.
 */
export class SuishenmaKeys {
  private keys = new Map<string, KeyObject>();
  private fetchedAt = -Infinity;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly fetchJwks: () => Promise<JsonWebKeySet>,
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The key for `kid`, or undefined when the platform publishes none under that id. */
  async key(kid: string): Promise<KeyObject | undefined> {
    const age = this.now() - this.fetchedAt;
    if (age > this.ttlMs || (!this.keys.has(kid) && age > UNKNOWN_KID_REFETCH_MS)) {
      try {
        await this.refresh();
      } catch (e) {
        // Scanning must outlive a platform outage: keys we already hold stay good until a refetch succeeds.
        if (this.keys.size === 0) throw e;
        logger.warn({ err: e }, 'big-data-center: Suishenma JWKS refresh failed; using the keys held');
      }
    }
    return this.keys.get(kid);
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.fetchJwks()
      .then((jwks) => {
        this.keys = new Map(
          jwks.keys.map((jwk) => [jwk.kid, createPublicKey({ key: { ...jwk }, format: 'jwk' })]),
        );
        this.fetchedAt = this.now();
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }
}
