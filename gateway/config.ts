import path from 'node:path';
import { envWholeNumber } from '../adapters/kit/env';
import { envPort } from '../subgraphs/kit/main';
import { envPrefix } from './departments';
import { REFERENCE_CACHE_TTL_MS } from './reference-cache';

/** Where the gateway's supergraph comes from (GATEWAY_SUPERGRAPH_SOURCE). */
export type SupergraphSourceKind = 'file' | 'registry';

export interface GatewayConfig {
  /** `file`: the supergraph file, read once. `registry`: the schema registry's store, followed while serving. @default file */
  supergraphSource: SupergraphSourceKind;
  supergraphFile: string;
  /** REGISTRY_POLL_MS: how often registry mode asks the store for a new version, in ms. @default 1_000 */
  registryPollMs: number;
  /** REGISTRY_USAGE_FLUSH_MS: how often registry mode adds the operations served to the store's usage sums, in ms. @default 10_000 */
  usageFlushMs: number;
  port: number;
  host: string;
  /** Subgraph URL overrides from `<NAME>_SUBGRAPH_URL`, by subgraph name. */
  subgraphUrls: Record<string, string>;
  explorer: boolean;
  /** GATEWAY_KEY_LOOKUP_SPECULATION=0 turns off running key fetches beside a root key lookup (gateway/speculation/). */
  keyLookupSpeculation: boolean;
  /** GATEWAY_SUBGRAPH_BATCHES=0 sends every subgraph call on its own (gateway/subgraph-batches.ts). */
  subgraphBatches: boolean;
  /** GATEWAY_REFERENCE_CACHE_TTL_MS: how long answers about reference entities are reused, in ms (0: never). */
  referenceCacheTtlMs: number;
  /** GATEWAY_REQUEST_TIMEOUT_MS: the deadline of one request, in ms. */
  requestTimeoutMs: number;
  /** `<NAME>_SUBGRAPH_TIMEOUT_MS`: a shorter limit for one subgraph, in ms, by subgraph name. */
  subgraphTimeoutsMs: Record<string, number>;
}

export const USAGE = `usage: node dist/gateway/index.js [--supergraph FILE] [--port N] [--host H]
  --supergraph FILE   supergraph SDL to serve (env GATEWAY_SUPERGRAPH; default gateway/supergraph.graphql)
  GATEWAY_SUPERGRAPH_SOURCE=registry  serve the schema registry's current supergraph instead (the file is
                      then not read), reloaded
                      without a restart (store: REGISTRY_DATABASE_URL, else DATABASE_URL, else SQLite at
                      REGISTRY_SQLITE_PATH, default .data/registry.sqlite); default file
  REGISTRY_POLL_MS=1000            registry mode: how often the store is asked for a new version
  REGISTRY_USAGE_FLUSH_MS=10000    registry mode: how often the operations served are recorded in the store
  --port N            port to listen on (env GATEWAY_PORT; default 4000)
  --host H            address to bind (env HOST; default 127.0.0.1)
  <NAME>_SUBGRAPH_URL overrides a subgraph's URL, e.g. HEALTH_SUBGRAPH_URL=http://health:4003/graphql
  GATEWAY_EXPLORER=0  turns the GraphiQL explorer off
  GATEWAY_KEY_LOOKUP_SPECULATION=0 a root key lookup (person(id:)) no longer asks the other departments
                      about that key beside it, but after it
  GATEWAY_SUBGRAPH_BATCHES=0  every subgraph call on its own HTTP exchange, rather than the calls made
                      to one subgraph in the same turn of the event loop as one batch
  GATEWAY_REFERENCE_CACHE_TTL_MS=60000  how long a subgraph's answer about reference entities (the
                      catalogue's departments and matters) is reused; 0 asks every time
  GATEWAY_REQUEST_TIMEOUT_MS=5000  the deadline of one request, shared out to subgraphs and legacy calls
  <NAME>_SUBGRAPH_TIMEOUT_MS       a shorter limit for one subgraph, e.g. HUMAN_RESOURCES_SUBGRAPH_TIMEOUT_MS=3000`;

/** Reads the gateway's flags and environment; a wrong value stops start-up naming the flag or variable. */
export function gatewayConfig(argv: readonly string[], env: NodeJS.ProcessEnv, root: string): GatewayConfig {
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') throw new Error(USAGE);
    const m = /^--(supergraph|port|host)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unknown argument ${a}\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
    flags[m[1]!] = value;
  }
  const port =
    flags.port !== undefined
      ? envPort('--port', 0, { '--port': flags.port })
      : envPort('GATEWAY_PORT', 4000, env);
  const subgraphUrls: Record<string, string> = {};
  const subgraphTimeoutsMs: Record<string, number> = {};
  for (const k of Object.keys(env)) {
    const m = /^([A-Z_]+)_SUBGRAPH_TIMEOUT_MS$/.exec(k);
    if (m)
      subgraphTimeoutsMs[m[1]!.toLowerCase().replace(/_/g, '-')] = envWholeNumber(
        k,
        0,
        { min: 1, max: 600_000 },
        env,
      );
  }
  for (const [k, v] of Object.entries(env)) {
    const m = /^([A-Z_]+)_SUBGRAPH_URL$/.exec(k);
    if (!m || !v) continue;
    try {
      new URL(v);
    } catch {
      throw new Error(`${k} must be an absolute URL: ${v}`);
    }
    subgraphUrls[m[1]!.toLowerCase().replace(/_/g, '-')] = v;
  }
  const source = env.GATEWAY_SUPERGRAPH_SOURCE || 'file';
  if (source !== 'file' && source !== 'registry')
    throw new Error(`GATEWAY_SUPERGRAPH_SOURCE must be file or registry: ${source}`);
  return {
    supergraphSource: source,
    registryPollMs: envWholeNumber('REGISTRY_POLL_MS', 1_000, { min: 10, max: 3_600_000 }, env),
    usageFlushMs: envWholeNumber('REGISTRY_USAGE_FLUSH_MS', 10_000, { min: 100, max: 3_600_000 }, env),
    supergraphFile: path.resolve(
      flags.supergraph ?? env.GATEWAY_SUPERGRAPH ?? path.join(root, 'gateway', 'supergraph.graphql'),
    ),
    port,
    host: flags.host ?? env.HOST ?? '127.0.0.1',
    subgraphUrls,
    explorer: env.GATEWAY_EXPLORER !== '0',
    keyLookupSpeculation: env.GATEWAY_KEY_LOOKUP_SPECULATION !== '0',
    subgraphBatches: env.GATEWAY_SUBGRAPH_BATCHES !== '0',
    referenceCacheTtlMs: envWholeNumber(
      'GATEWAY_REFERENCE_CACHE_TTL_MS',
      REFERENCE_CACHE_TTL_MS,
      { min: 0, max: 86_400_000 },
      env,
    ),
    requestTimeoutMs: envWholeNumber('GATEWAY_REQUEST_TIMEOUT_MS', 5_000, { min: 1, max: 600_000 }, env),
    subgraphTimeoutsMs,
  };
}

export { envPrefix };
