import { randomUUID } from 'node:crypto';
import type { Resource } from './resources';

interface StoredSearch {
  resources: Resource[];
  expires: number;
}

/**
 * Result sets of searches that span several pages, kept so `next` links can serve the
 * later pages (HAPI's `_getpages` search ids). Bounded and expiring, as the real server's
 * search cache is: an old id answers 410 Gone.
 */
export class PageStore {
  private readonly searches = new Map<string, StoredSearch>();

  constructor(
    private readonly maxSearches = 1_000,
    private readonly ttlMs = 600_000, // 10 min
  ) {}

  put(resources: Resource[]): string {
    const id = randomUUID();
    this.searches.set(id, { resources, expires: Date.now() + this.ttlMs });
    while (this.searches.size > this.maxSearches)
      this.searches.delete(this.searches.keys().next().value as string);
    return id;
  }

  get(id: string): Resource[] | undefined {
    const s = this.searches.get(id);
    if (!s) return undefined;
    if (s.expires <= Date.now()) {
      this.searches.delete(id);
      return undefined;
    }
    return s.resources;
  }
}
