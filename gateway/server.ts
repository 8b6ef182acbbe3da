import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { ERROR_CODES } from '../adapters/kit/error-codes';
import { logger } from '../adapters/kit/logger';
import { handleGraphQL, sendJson } from '../subgraphs/kit/apollo-http';
import { serveHttp, type ServedHttp } from '../subgraphs/kit/http-server';
import { telemetryPlugin, sendMetrics } from '../subgraphs/kit/telemetry-plugin';
import type { AuditStore } from '../trust/audit/record';
import type { Authenticator } from '../trust/auth/authenticate';
import type { ContextSigner } from '../trust/context/signed-context';
import type { AccessPolicy } from '../trust/policy/policy';
import { buildGatewayContext, type GatewayContext } from './context';
import { createSubgraphAgent, poolFetcher, UndiciDataSource, type SubgraphPoolOptions } from './data-source';
import { batchingFetcher } from './subgraph-batches';
import { serveExplorer } from './explorer';
import { COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from './first-query';
import { refuseNul, refuseNulInSearch } from './limits/control-characters';
import { formatLimitError } from './limits/limit-errors';
import { warmQueryPlans } from './plan-warming';
import { SeedHolds } from './speculation/seed-holds';
import { cacheableReferenceTypes, REFERENCE_CACHE_TTL_MS, ReferenceCache } from './reference-cache';
import { speculativePlanCache } from './speculation/speculative-plan-cache';
import type { GatewayHardening } from './limits/hardening';
import { resolvePersistedOperation, resolvePersistedSearch, type Safelist } from './limits/safelist';
import { LiveSupergraph, type ServedSupergraph } from './registry/live-supergraph';
import { staticSupergraph, type SupergraphSource } from './registry/supergraph-source';
import { UsageRecorder } from './registry/usage-recorder';
import { trustForRequest } from './trust/request-trust';
import { subgraphCaller } from './trust/subgraph-call';
import { subjectResolver } from './trust/subject-resolver';
import { trustPlugin } from './trust/trust-plugin';

/** What the gateway trusts and answers with: policy, token verification, context key, audit trail. */
export interface GatewayTrust {
  policy: AccessPolicy;
  /** Verifies bearer tokens; null only under the development flag OWDL_INSECURE_NO_AUTH. */
  authenticator: Authenticator | null;
  /** Signs the context every subgraph call carries. */
  signer: ContextSigner;
  /** The gateway's own audit writer (one record per request). */
  audit: AuditStore;
}

export interface GatewayOptions {
  /** The composed supergraph SDL (from `npm run compose`), served as it is. Give this or `supergraph`. */
  supergraphSdl?: string;
  /**
   * Where the supergraph comes from when it may change while the gateway runs (the schema
   * registry: gateway/registry/registry-source.ts). Give this or `supergraphSdl`.
   */
  supergraph?: SupergraphSource;
  /** Registry mode: how often the operations served are added to the registry's usage sums, in ms. @default 10_000 (10 s) */
  usageFlushMs?: number;
  /** Replaces a subgraph's URL from the supergraph, by subgraph name. */
  subgraphUrls?: Record<string, string>;
  port?: number;
  host?: string;
  pool?: SubgraphPoolOptions;
  /** Serve the GraphiQL explorer at / . @default true */
  explorer?: boolean;
  /** Longest a SIGTERM drain waits for in-flight requests, in ms. @default 10_000 (10 s) */
  drainTimeoutMs?: number;
  /** Deadline of one GraphQL request, shared out to subgraphs and their legacy calls, in ms. @default 5_000 (5 s) */
  requestTimeoutMs?: number;
  /** A shorter limit for some subgraphs, in ms, by subgraph name (`<NAME>_SUBGRAPH_TIMEOUT_MS`). */
  subgraphTimeoutsMs?: Record<string, number>;
  trust: GatewayTrust;
  /**
   * Fetches that need only the key a root field looks up (`person(id:)`) run beside that root
   * fetch, not after it (gateway/speculation/). @default true
   */
  speculateKeyLookups?: boolean;
  /**
   * How long a subgraph's answer about reference entities (departments, matters: no one's personal
   * data) is reused by every request, in ms; 0 turns it off (gateway/reference-cache.ts). @default 60_000
   */
  referenceCacheTtlMs?: number;
  /**
   * Send the calls made to one subgraph in the same turn of the event loop as one batch
   * (gateway/subgraph-batches.ts), each with its own headers and answer. @default true
   */
  batchSubgraphCalls?: boolean;
  /** Compress answers the client accepts compressed (brotli, gzip) from 1 KiB. @default true */
  compression?: boolean;
  /** Query limits, introspection, safelist (gateway/limits/hardening.ts). */
  hardening: GatewayHardening;
}

export interface RunningGateway {
  url: string;
  port: number;
  /** Stops accepting, waits for in-flight requests (up to drainTimeoutMs), then closes everything. */
  close(): Promise<void>;
}

/** Codes GraphQL itself produces for a bad request; they pass through as they are. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

/**
 * Errors as clients see them: registry codes from subgraphs keep their message, code,
 * department and retryAfter; a subgraph that failed without one of ours becomes
 * DEPARTMENT_UNAVAILABLE (its message may hold internal URLs, so it is replaced);
 * anything else is INTERNAL with no detail.
 */
export function formatGatewayError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const ext = (formatted.extensions ?? {}) as Record<string, unknown>;
  const code = typeof ext.code === 'string' ? ext.code : undefined;
  const department = (ext.department ?? ext.serviceName) as string | undefined;
  const base = { locations: formatted.locations, path: formatted.path };
  if (code && code in ERROR_CODES) {
    const extensions: Record<string, unknown> = { code };
    if (department) extensions.department = department;
    for (const key of ['retryAfter', 'ageSeconds', 'cause'] as const)
      if (ext[key] !== undefined) extensions[key] = ext[key];
    return { message: formatted.message, ...base, extensions };
  }
  if (code && REQUEST_ERROR_CODES.has(code))
    return { message: formatted.message, ...base, extensions: { code } };
  if (department) {
    return {
      message: `department ${department} did not answer`,
      ...base,
      extensions: { code: 'DEPARTMENT_UNAVAILABLE', department },
    };
  }
  logger.error({ error: formatted }, 'unexpected gateway error');
  return { message: 'internal error', ...base, extensions: { code: 'INTERNAL' } };
}

/** The one supergraph source the options name; both or neither is a programming error. */
function sourceOf(options: GatewayOptions): SupergraphSource {
  if ((options.supergraphSdl === undefined) === (options.supergraph === undefined))
    throw new Error('startGateway needs exactly one of supergraphSdl and supergraph');
  return options.supergraph ?? staticSupergraph(options.supergraphSdl!);
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { hardening } = options;
  const source = sourceOf(options);
  const overrides = options.subgraphUrls ?? {};
  const live = await LiveSupergraph.load(source, overrides);
  // Read per request: in registry mode the channel apps' registered operations replace it while serving.
  let safelist: Safelist = source.safelist ? await source.safelist.load() : hardening.safelist;
  const agent = createSubgraphAgent(options.pool);
  // The gateway's own look-ups follow the served supergraph: the map is refilled on every update.
  const subgraphUrls: Record<string, string> = {};
  const refillUrls = (served: ServedSupergraph) => {
    for (const name of Object.keys(subgraphUrls)) delete subgraphUrls[name];
    for (const s of served.subgraphs) subgraphUrls[s.name] = s.url;
  };
  refillUrls(live.current);
  const subjects = subjectResolver(
    options.trust.policy,
    subgraphCaller(subgraphUrls, agent, options.trust.signer),
  );
  const usage = source.usage ? new UsageRecorder(source.usage, { flushMs: options.usageFlushMs }) : null;
  // Key lookups at the root run the fetches that need only the key beside the root fetch (speculation/).
  let apiSchema: GraphQLSchema | undefined;
  const speculate = options.speculateKeyLookups ?? true;
  const holds = speculate ? new SeedHolds() : undefined;
  const referenceTypes = cacheableReferenceTypes(options.trust.policy);
  const referenceTtlMs = options.referenceCacheTtlMs ?? REFERENCE_CACHE_TTL_MS;
  const gateway = new ApolloGateway({
    supergraphSdl: live.hook,
    ...(speculate ? { queryPlannerConfig: { cache: speculativePlanCache(() => apiSchema) } } : {}),
    buildService: ({ name, url }) =>
      new UndiciDataSource(
        name,
        overrides[name] ?? url!,
        options.batchSubgraphCalls === false
          ? poolFetcher(agent)
          : batchingFetcher(agent, { maxInFlight: options.pool?.connections, subgraph: name }),
        options.trust.signer,
        options.subgraphTimeoutsMs?.[name],
        holds,
        referenceTtlMs > 0 ? new ReferenceCache(name, referenceTypes, referenceTtlMs) : undefined,
      ),
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema: schema }) => (apiSchema = schema));
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Limit errors keep their own codes (Apollo files validation failures under one code of its own).
    formatError: (formatted, error) => formatGatewayError(formatLimitError(formatted, error)),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Our own SIGTERM handler drains first; Apollo's would stop the server under in-flight requests.
    stopOnTerminationSignals: false,
    // Left on for Apollo: when introspection is off our validation rule refuses it with its own code.
    introspection: true,
    parseOptions: hardening.parseOptions,
    validationRules: hardening.validationRules,
    plugins: [
      ...(hardening.plugins as ApolloServerPlugin<GatewayContext>[]),
      telemetryPlugin<GatewayContext>('gateway'),
      trustPlugin(options.trust.policy, options.trust.audit, subjects),
      ...(usage ? [usage.plugin()] : []),
    ],
  });
  await apollo.start();
  const warm = async (why: string) => {
    const warmed = await warmQueryPlans(gateway, safelist.all.values());
    logger.info(
      { warmed, why, version: live.current.version },
      'query plans of the registered operations warmed',
    );
  };
  await warm('start');
  // An update empties the gateway's plan cache: plan the registered operations again at once.
  live.onUpdate((served) => {
    refillUrls(served);
    void warm('supergraph updated');
  });
  const stopSafelist = source.safelist?.watch((next) => {
    safelist = next;
    void warm('registered operations changed');
  });
  logger.info(
    { source: source.kind, version: live.current.version, sdlHash: live.current.sdlHash },
    'supergraph loaded',
  );

  let served: ServedHttp;
  try {
    served = await listen();
  } catch (e) {
    // Not listening (a port in use, say): stop what started, or its timers and sockets outlive the failure.
    stopSafelist?.();
    await usage?.close().catch(() => undefined);
    await apollo.stop().catch(() => undefined);
    await agent.close().catch(() => undefined);
    throw e;
  }
  function listen(): Promise<ServedHttp> {
    return serveHttp(
      (req, res) => {
        const path = (req.url ?? '/').split('?')[0];
        if (path === '/health')
          return sendJson(res, served.draining ? 503 : 200, { status: served.draining ? 'draining' : 'ok' });
        if (path === '/metrics') return void sendMetrics(res);
        if (path === '/ready') {
          const { version, sdlHash, subgraphs } = live.current;
          void readiness(subgraphs, agent).then(({ ok, subgraphs: states, departments }) => {
            const ready = ok && !served.draining;
            sendJson(res, ready ? 200 : 503, {
              status: ready ? 'ready' : 'not ready',
              supergraph: { source: source.kind, version, sdlHash },
              subgraphs: states,
              departments,
            });
          });
          return;
        }
        try {
          if (
            options.explorer !== false &&
            serveExplorer(req, res, { query: COUNTER_VIEW_QUERY, variables: COUNTER_VIEW_VARIABLES })
          )
            return;
        } catch (e) {
          logger.error({ err: e }, 'explorer asset missing');
          return sendJson(res, 500, { error: 'explorer unavailable' });
        }
        if (path !== '/graphql' && path !== '/') return sendJson(res, 404, { error: 'not found' });
        const base = buildGatewayContext(req, options.requestTimeoutMs);
        void handleGraphQL(
          apollo,
          req,
          res,
          async () => ({ ...base, trust: await trustForRequest(req, base, options.trust) }),
          {
            rewrite: ({ body, search }) => {
              // A NUL in any argument is refused before anything else (control-characters.ts says why).
              refuseNul(body);
              refuseNulInSearch(search);
              return {
                body: resolvePersistedOperation(body, base.channel, safelist, hardening.safelistMode),
                search: resolvePersistedSearch(search, base.channel, safelist, hardening.safelistMode),
              };
            },
            compress: options.compression !== false,
          },
        );
      },
      { port: options.port, host: options.host },
    );
  }
  return {
    url: `http://${served.host}:${served.port}/graphql`,
    port: served.port,
    close: async () => {
      await served.close(options.drainTimeoutMs ?? 10_000);
      stopSafelist?.();
      // After the drain, so the last requests are counted too.
      await usage?.close();
      // Stopping the gateway runs the supergraph hook's cleanup: no update after this.
      await apollo.stop();
      await agent.close();
    },
  };
}

/** What the gateway knows of one department: its subgraph, its legacy system, its breakers. */
interface DepartmentReadiness {
  legacy: 'reachable' | 'unreachable' | 'unknown';
  breakers: Record<string, string>;
}

/**
 * Asks every subgraph's GET /ready. The gateway is ready when every subgraph answers, even
 * if a legacy system behind one is down: it then serves partial results, which is its job.
 */
async function readiness(
  subgraphs: { name: string; url: string }[],
  agent: ReturnType<typeof createSubgraphAgent>,
): Promise<{
  ok: boolean;
  subgraphs: Record<string, string>;
  departments: Record<string, DepartmentReadiness>;
}> {
  const states: Record<string, string> = {};
  const departments: Record<string, DepartmentReadiness> = {};
  await Promise.all(
    subgraphs.map(async (s) => {
      try {
        const res = await agent.request({
          origin: new URL(s.url).origin,
          path: '/ready',
          method: 'GET',
          headersTimeout: 2_000,
          bodyTimeout: 2_000,
        });
        const body = (await res.body.json().catch(() => ({}))) as {
          breakers?: Record<string, Record<string, string>>;
        };
        const answering = res.statusCode === 200 || res.statusCode === 503;
        states[s.name] = answering ? 'answering' : `HTTP ${res.statusCode}`;
        departments[s.name] = {
          legacy: res.statusCode === 200 ? 'reachable' : res.statusCode === 503 ? 'unreachable' : 'unknown',
          breakers: body.breakers?.[s.name] ?? {},
        };
      } catch (e) {
        states[s.name] = `unreachable (${(e as Error).message})`;
      }
    }),
  );
  return { ok: Object.values(states).every((s) => s === 'answering'), subgraphs: states, departments };
}
