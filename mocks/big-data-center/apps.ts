/**
 * The platform's app registry: which app keys may call it and their shared secrets.
 * Real data-sharing platforms issue these per consuming system; the mock holds one
 * demo app unless told otherwise, so `npm start` works without any configuration.
 */

/** The demo app registered by default (documented in README.md; never use it outside local runs). */
export const DEMO_APP_KEY = 'owdl-demo-app';
export const DEMO_APP_SECRET = 'owdl-demo-secret-for-local-runs-only';

export type AppRegistry = ReadonlyMap<string, string>;

export function demoApps(): AppRegistry {
  return new Map([[DEMO_APP_KEY, DEMO_APP_SECRET]]);
}

/**
 * Parses `key1:secret1,key2:secret2` (BIG_DATA_CENTER_MOCK_APPS). A secret may contain
 * colons, a key may not; an empty or malformed entry stops start-up naming the variable.
 */
export function parseApps(raw: string, variable = 'BIG_DATA_CENTER_MOCK_APPS'): AppRegistry {
  const apps = new Map<string, string>();
  for (const entry of raw.split(',')) {
    const colon = entry.indexOf(':');
    const key = entry.slice(0, colon).trim();
    const secret = entry.slice(colon + 1).trim();
    if (colon <= 0 || !key || !secret)
      throw new Error(
        `${variable} must be "key:secret[,key:secret...]": bad entry "${key || entry.trim()}:…"`,
      );
    apps.set(key, secret);
  }
  return apps;
}
