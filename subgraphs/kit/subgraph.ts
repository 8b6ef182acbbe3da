import type http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { GraphQLFormattedError } from 'graphql';
import type { DocumentNode } from 'graphql';
import { ERROR_CODES } from '../../adapters/kit/error-codes';
import { isDataLayerError } from '../../adapters/kit/errors';
import { breakerStates } from '../../adapters/kit/operation';
import { logger } from '../../adapters/kit/logger';
import type { AuditStore } from '../../trust/audit/record';
import { bodyHash, CONTEXT_HEADER, type ContextVerifier } from '../../trust/context/signed-context';
import type { AccessPolicy } from '../../trust/policy/policy';
import { handleGraphQL, sendJson } from './apollo-http';
import { BATCH_HEADER, handleBatch } from './batch';
import { auditPlugin } from './audit-plugin';
import { buildContext, type SubgraphContext } from './context';
import { enforcePolicy } from './enforce-policy';
import { serveHttp } from './http-server';
import { telemetryPlugin, sendMetrics } from './telemetry-plugin';
import { stalenessPlugin, trackStaleness } from './staleness-plugin';

export interface SubgraphDefinition {
  /** Department code, e.g. `health`. */
  name: string;
  typeDefs: DocumentNode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: GraphQLResolverMap<SubgraphContext> | any;
  /** Is the legacy system reachable? Used by GET /ready. */
  ready?: () => Promise<boolean>;
  /** Releases pools and connections. */
  close?: () => Promise<void>;
}

/**
 * Turns any error into what clients may see. A DataLayerError about the request (an invalid
 * number, an unknown matter: HTTP 4xx) keeps its message, which tells the caller what to fix;
 * one about a department's failure gets the registry's fixed wording, because its message may
 * name internal addresses or quote the legacy system (those stay in the logs, under the trace).
 * GraphQL's own errors (validation, parsing) pass; anything else becomes INTERNAL with no detail.
 */
export function formatSubgraphError(department: string) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (isDataLayerError(original)) {
      const { status, description } = ERROR_CODES[original.code];
      const aboutTheRequest = status >= 400 && status < 429;
      if (!aboutTheRequest)
        logger.warn(
          { department: original.department ?? department, code: original.code, err: original },
          'department failure',
        );
      return {
        message: aboutTheRequest ? original.message : `${original.department ?? department}: ${description}`,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { department, ...original.toExtensions() },
      };
    }
    const code = formatted.extensions?.code;
    if (code && code !== 'INTERNAL_SERVER_ERROR')
      return { message: formatted.message, locations: formatted.locations, extensions: { code } };
    logger.error({ err: original, department, path: formatted.path }, 'unexpected resolver error');
    return {
      message: 'internal error',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL', department },
    };
  };
}

/** What a subgraph trusts and answers to: the access policy, the audit trail, the gateway's key. */
export interface SubgraphTrust {
  policy: AccessPolicy;
  /** Where every read of personal data is recorded before it is returned. */
  audit: AuditStore;
  /** Checks the gateway's signed context on each HTTP request (startSubgraph needs it). */
  verifyContext?: ContextVerifier;
}

/**
 * The subgraph's Apollo Server: its schema with the access policy enforced on every resolver,
 * stale-data tracking, and the audit plugin that records reads before answering (fail closed).
 */
export function buildApollo(def: SubgraphDefinition, trust: SubgraphTrust): ApolloServer<SubgraphContext> {
  const schema = buildSubgraphSchema([{ typeDefs: def.typeDefs, resolvers: def.resolvers }]);
  return new ApolloServer<SubgraphContext>({
    schema: enforcePolicy(trackStaleness(schema), trust.policy),
    formatError: formatSubgraphError(def.name),
    includeStacktraceInErrorResponses: false,
    csrfPrevention: true,
    // Our own SIGTERM handler drains first; Apollo's would stop the server under in-flight requests.
    stopOnTerminationSignals: false,
    // Inline traces are for Apollo Studio, which an offline government network does not reach; they cost per field.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      telemetryPlugin<SubgraphContext>(def.name),
      stalenessPlugin(),
      auditPlugin(def.name, trust.audit),
    ],
  });
}

export interface RunningSubgraph {
  name: string;
  url: string;
  apollo: ApolloServer<SubgraphContext>;
  close(): Promise<void>;
}

/**
 * Starts a subgraph's HTTP server: POST /graphql (only with the gateway's signed context),
 * GET /health, GET /ready, GET /metrics.
 */
export async function startSubgraph(
  def: SubgraphDefinition,
  options: { port?: number; host?: string; trust: SubgraphTrust & { verifyContext: ContextVerifier } },
): Promise<RunningSubgraph> {
  const { verifyContext } = options.trust;
  const apollo = buildApollo(def, options.trust);
  await apollo.start();
  const served = await serveHttp(
    (req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/health') return sendJson(res, 200, { status: 'ok', subgraph: def.name });
      if (path === '/metrics') return void sendMetrics(res);
      if (path === '/ready') {
        void (def.ready ? def.ready() : Promise.resolve(true))
          .catch(() => false)
          .then((ok) =>
            sendJson(res, ok && !served.draining ? 200 : 503, {
              status: served.draining ? 'draining' : ok ? 'ready' : 'legacy system unreachable',
              subgraph: def.name,
              breakers: breakerStates(),
            }),
          );
        return;
      }
      if (path !== '/graphql' && path !== '/') return sendJson(res, 404, { error: 'not found' });
      const context = async (body: unknown, headers: http.IncomingHttpHeaders) => {
        const b = (body ?? {}) as { query?: unknown; variables?: unknown };
        const header = headers[CONTEXT_HEADER];
        const trust = await verifyContext(
          typeof header === 'string' ? header : undefined,
          bodyHash(b.query, b.variables),
        );
        return { ...buildContext(headers, res), trust };
      };
      if (req.method === 'POST' && req.headers[BATCH_HEADER] === '1')
        return void handleBatch(apollo, req, res, context);
      void handleGraphQL(apollo, req, res, context);
    },
    { port: options.port, host: options.host },
  );
  return {
    name: def.name,
    url: `http://${served.host}:${served.port}/graphql`,
    apollo,
    close: async () => {
      await served.close();
      await apollo.stop();
      await def.close?.();
    },
  };
}
