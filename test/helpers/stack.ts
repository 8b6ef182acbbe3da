import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { createCache, type Cache } from '../../adapters/kit/cache';
import { gatewayHardeningFromEnv } from '../../gateway/limits/hardening';
import type { SupergraphSource } from '../../gateway/registry/supergraph-source';
import { startGateway, type RunningGateway } from '../../gateway/server';
import { loadWorld } from '../../mocks/data/generator';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { startHealthMock } from '../../mocks/health/server';
import { startHousingMock } from '../../mocks/housing/server';
import { startHumanResourcesMock } from '../../mocks/human-resources/server';
import { startMarketSupervisionMock } from '../../mocks/market-supervision/server';
import { startPublicSecurityMock } from '../../mocks/public-security/server';
import { startTaxMock } from '../../mocks/tax/server';
import { buildAuditSubgraph } from '../../subgraphs/audit/server';
import { buildBigDataCenterSubgraph } from '../../subgraphs/big-data-center/server';
import { buildHealthSubgraph } from '../../subgraphs/health/server';
import { buildHousingSubgraph } from '../../subgraphs/housing/server';
import { buildHumanResourcesSubgraph } from '../../subgraphs/human-resources/server';
import type { SubgraphDefinition } from '../../subgraphs/kit/subgraph';
import { startSubgraph, type RunningSubgraph } from '../../subgraphs/kit/subgraph';
import { buildMarketSupervisionSubgraph } from '../../subgraphs/market-supervision/server';
import { buildPublicSecuritySubgraph } from '../../subgraphs/public-security/server';
import { buildServiceCenterSubgraph } from '../../subgraphs/service-center/server';
import { buildTaxSubgraph, type TaxSubgraph, type TaxSubgraphOptions } from '../../subgraphs/tax/server';
import type { WritableAuditStore } from '../../trust/audit/reader';
import type { TokenClaims } from '../../trust/auth/mint';
import { dropSchemas } from './pg-schemas';
import { testTrust, TEST_OFFICER, TEST_PURPOSE, type TestTrust } from './trust';

/** The four channel apps of the service centre. */
export type Channel = 'counter' | 'portal' | 'terminal' | 'app';

export interface StackOptions {
  /** Bulk people in the world besides the golden records. @default 100 */
  people?: number;
  /** Real backends; absent means the embedded defaults. */
  redisUrl?: string;
  databaseUrl?: string;
  mariadbUrl?: string;
  /** Deadline of one GraphQL request at the gateway, in ms. @default the gateway's own (5 s) */
  requestTimeoutMs?: number;
  /** Base latency of the mocks, in ms: one figure for all, or by department (absent ones get 0). @default 0 */
  mockLatencyMs?: number | Record<string, number>;
  /** Extra options of the tax adapter, e.g. a short SQLite `busyTimeoutMs` so a locked file fails fast. */
  tax?: Omit<TaxSubgraphOptions, 'url' | 'cache'>;
  /** Gateway settings as environment variables (GATEWAY_MAX_DEPTH, GATEWAY_SAFELIST...). */
  gatewayEnv?: Record<string, string>;
  /**
   * Where the gateway's supergraph comes from, e.g. a RegistrySupergraphSource over a registry
   * store (the stack's subgraph URLs override the ones it records). @default the committed gateway/supergraph.graphql
   */
  supergraph?: SupergraphSource;
  /** Registry mode: how often the gateway records the operations it served, in ms. @default the gateway's own (10 s) */
  usageFlushMs?: number;
  /** How long the gateway reuses answers about reference entities, in ms; 0: never. @default the gateway's own (60 s) */
  referenceCacheTtlMs?: number;
}

/** Another gateway over the same subgraphs (its own audit chain), closed with the stack. */
export interface ExtraGatewayOptions {
  supergraph?: SupergraphSource;
  /** @default true (the gateway's own default) */
  speculateKeyLookups?: boolean;
  /** @default the gateway's own (60 s); 0 turns the reference cache off */
  referenceCacheTtlMs?: number;
  /** @default true (the gateway's own default): the calls of one turn to a subgraph go as one batch */
  batchSubgraphCalls?: boolean;
  gatewayEnv?: Record<string, string>;
  usageFlushMs?: number;
}

/**
 * Who sends a request: a token's claims (minted with the stack's identity provider key), a
 * ready token (a forged one, say), or `token: null` for none; and the `x-purpose` header
 * (null for none). @default the E2E-TEST window officer, purpose E2E-TEST
 */
export interface Caller {
  claims?: TokenClaims;
  token?: string | null;
  purpose?: string | null;
  /** More request headers. */
  headers?: Record<string, string>;
}

export interface GraphQLReply {
  status: number;
  body: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[];
  };
}

export interface Stack {
  gateway: RunningGateway;
  mocks: Record<string, MockHandle>;
  subgraphs: Record<string, RunningSubgraph>;
  /** One GraphQL request through the gateway, from a channel app (the counter console unless told). */
  query(
    query: string,
    variables?: Record<string, unknown>,
    channel?: Channel,
    as?: Caller,
  ): Promise<GraphQLReply>;
  /** The headers a caller sends (token, purpose); the E2E-TEST officer's when none is given. */
  authHeaders(as?: Caller): Promise<Record<string, string>>;
  /** The stack's keys, policy and token minting. */
  trust: TestTrust;
  /** The gateway's audit writer; its query() reads every writer's records (one shared store). */
  audit: WritableAuditStore;
  /** Requests each mock received since the last reset, by department. */
  legacyRequests(): Record<string, number>;
  resetCounters(): void;
  /**
   * Starts a new instance of a subgraph (fresh adapter, same legacy mock, same cache) on the
   * port of the one it replaces, as a restarted process would; closes the old one first if it is still up.
   */
  restartSubgraph(name: string): Promise<RunningSubgraph>;
  /** Starts another gateway over the stack's subgraphs (say, a second instance on the same registry). */
  startGateway(options?: ExtraGatewayOptions): Promise<RunningGateway>;
  /** Stops everything and removes what the stack made: its temp folder and, on PostgreSQL, its two schemas. */
  close(): Promise<void>;
}

/**
 * The whole system in one process on port 0: the seven legacy mocks (no latency), the
 * eight subgraphs wired to them, and the gateway serving the committed supergraph.
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const world = loadWorld({ people: options.people ?? 100 });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'owdl-stack-'));
  // On PostgreSQL the stack's audit trail and service-centre store get schemas of their own, dropped on close.
  const schemaSuffix = path.basename(tmp).replace(/\W/g, '_').toLowerCase();
  const auditPgSchema = `audit_${schemaSuffix}`;
  const serviceCenterPgSchema = `e2e_${schemaSuffix}`;
  const trust = await testTrust(
    tmp,
    options.databaseUrl ? { databaseUrl: options.databaseUrl, pgSchema: auditPgSchema } : {},
  );
  const auditStores: WritableAuditStore[] = [];
  const openAudit = async (department: string) => {
    const store = await trust.openAudit(department);
    auditStores.push(store);
    return store;
  };
  const latency = options.mockLatencyMs ?? 0;
  const base = (department: string) => ({
    world,
    baseLatencyMs: typeof latency === 'number' ? latency : (latency[department] ?? 0),
  });
  const [ps, ms, he, ho, tx, hr, bdc] = await Promise.all([
    startPublicSecurityMock(base('public-security')),
    startMarketSupervisionMock(base('market-supervision')),
    startHealthMock(base('health')),
    startHousingMock(base('housing')),
    startTaxMock({
      ...base('tax'),
      mariadbUrl: options.mariadbUrl,
      sqlitePath: path.join(tmp, 'tax.sqlite'),
    }),
    // The real system closes nightly; the e2e suites must not depend on the hour they run at.
    startHumanResourcesMock({ ...base('human-resources'), maintenanceWindow: null }),
    startBigDataCenterMock(base('big-data-center')),
  ]);
  const mocks: Record<string, MockHandle> = {
    'public-security': ps,
    'market-supervision': ms,
    health: he,
    housing: ho,
    tax: tx,
    'human-resources': hr,
    'big-data-center': bdc,
  };
  const caches: Cache[] = [];
  const cache = () => {
    const c = createCache({ redisUrl: options.redisUrl, prefix: `owdl-e2e:${path.basename(tmp)}:` });
    caches.push(c);
    return c;
  };
  let taxSubgraph!: TaxSubgraph;
  // How to build each subgraph, kept so restartSubgraph can build a fresh instance.
  const builders: (() => SubgraphDefinition)[] = [
    () => buildPublicSecuritySubgraph({ url: ps.url, cache: cache() }),
    () => buildMarketSupervisionSubgraph({ url: ms.url, cache: cache() }),
    () => buildHealthSubgraph({ url: he.url, cache: cache() }),
    () => buildHousingSubgraph({ url: ho.url, cache: cache() }),
    () => (taxSubgraph = buildTaxSubgraph({ ...options.tax, url: tx.url, cache: cache() })),
    () => buildHumanResourcesSubgraph({ url: hr.url, cache: cache() }),
    () => buildBigDataCenterSubgraph({ url: bdc.url, cache: cache() }),
    () =>
      buildServiceCenterSubgraph({
        // The service centre reads and writes the certificate library itself (pre-checks, issuing).
        bigDataCenter: { url: bdc.url },
        cache: cache(),
        ...(options.databaseUrl
          ? { databaseUrl: options.databaseUrl, pgSchema: serviceCenterPgSchema }
          : { sqlitePath: path.join(tmp, 'service-center.sqlite') }),
      }),
    // The auditors' views read the trail every subgraph writes (the same SQLite file or schema).
    () => buildAuditSubgraph({ store: () => trust.openAudit('audit-views') }),
  ];
  const definitions: SubgraphDefinition[] = builders.map((build) => build());
  const builderOf = new Map(definitions.map((d, i) => [d.name, builders[i]!]));
  const start = async (d: SubgraphDefinition, port?: number) =>
    startSubgraph(d, { port, trust: trust.subgraph(d.name, await openAudit(d.name)) });
  const running = await Promise.all(definitions.map((d) => start(d)));
  const subgraphs = Object.fromEntries(running.map((r) => [r.name, r]));
  const gatewayOver = async (o: ExtraGatewayOptions) =>
    startGateway({
      ...(o.supergraph
        ? { supergraph: o.supergraph }
        : {
            supergraphSdl: readFileSync(path.resolve(__dirname, '../../gateway/supergraph.graphql'), 'utf8'),
          }),
      usageFlushMs: o.usageFlushMs,
      speculateKeyLookups: o.speculateKeyLookups,
      referenceCacheTtlMs: o.referenceCacheTtlMs,
      batchSubgraphCalls: o.batchSubgraphCalls,
      subgraphUrls: Object.fromEntries(running.map((r) => [r.name, r.url])),
      requestTimeoutMs: options.requestTimeoutMs,
      trust: trust.gateway(await openAudit('gateway')),
      hardening: gatewayHardeningFromEnv(
        { NODE_ENV: 'test', ...o.gatewayEnv },
        path.resolve(__dirname, '../..'),
      ),
    });
  const gateway = await gatewayOver(options);
  const gatewayAudit = auditStores[auditStores.length - 1]!;
  const extraGateways: RunningGateway[] = [];
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (claims: TokenClaims) => {
    const key = JSON.stringify(claims);
    if (!tokens.has(key)) tokens.set(key, trust.token(claims));
    return tokens.get(key)!;
  };
  const authHeaders = async (as: Caller = {}): Promise<Record<string, string>> => {
    const token = as.token !== undefined ? as.token : await tokenFor(as.claims ?? TEST_OFFICER);
    const purpose = as.purpose !== undefined ? as.purpose : as.claims ? null : TEST_PURPOSE;
    return {
      ...(token !== null ? { authorization: `Bearer ${token}` } : {}),
      ...(purpose !== null ? { 'x-purpose': purpose } : {}),
      ...as.headers,
    };
  };

  // The counter survives a restart of the tax subgraph (a new adapter starts again from 0).
  let taxEarlier = 0;
  const taxQueries = () => taxEarlier + taxSubgraph.adapter.operations.taxStatusByUscc.stats.calls;
  let taxBaseline = 0;
  // A test may close a subgraph itself (an outage); close() and restartSubgraph() then leave it be.
  const closeOnlyOnce = (r: RunningSubgraph): RunningSubgraph => {
    let closing: Promise<void> | undefined;
    const close = r.close.bind(r);
    r.close = () => (closing ??= close());
    return r;
  };
  running.forEach(closeOnlyOnce);
  return {
    gateway,
    mocks,
    subgraphs,
    trust,
    audit: gatewayAudit,
    authHeaders,
    async query(query, variables, channel = 'counter', as = {}) {
      const res = await request(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-channel': channel, ...(await authHeaders(as)) },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.statusCode, body: (await res.body.json()) as GraphQLReply['body'] };
    },
    legacyRequests() {
      const counts = Object.fromEntries(
        Object.entries(mocks).map(([name, m]) => [name, m.controller.stats().requests]),
      );
      // An embedded SQLite database has no wire for the mock to count on: count the queries the adapter sent.
      if (tx.backend === 'sqlite') counts.tax = taxQueries() - taxBaseline;
      return counts;
    },
    resetCounters() {
      for (const m of Object.values(mocks)) m.controller.resetCounts();
      taxBaseline = taxQueries();
    },
    async restartSubgraph(name) {
      const build = builderOf.get(name);
      const old = subgraphs[name];
      if (!build || !old) throw new Error(`no subgraph ${name} in the stack`);
      await old.close();
      if (name === 'tax') taxEarlier = taxQueries();
      const fresh = closeOnlyOnce(await start(build(), Number(new URL(old.url).port)));
      running[running.indexOf(old)] = fresh;
      subgraphs[name] = fresh;
      return fresh;
    },
    async startGateway(o = {}) {
      const extra = await gatewayOver(o);
      extraGateways.push(extra);
      return extra;
    },
    async close() {
      await Promise.all(extraGateways.map((g) => g.close()));
      await gateway.close();
      await Promise.all(running.map((r) => r.close()));
      await Promise.all(Object.values(mocks).map((m) => m.close()));
      await Promise.all(caches.map((c) => c.close().catch(() => undefined)));
      await Promise.all(auditStores.map((a) => a.close().catch(() => undefined)));
      if (options.databaseUrl) await dropSchemas(options.databaseUrl, [auditPgSchema, serviceCenterPgSchema]);
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}
