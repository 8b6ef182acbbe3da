import client from 'prom-client';

/**
 * The process's Prometheus metrics (GET /metrics on every subgraph and the gateway).
 * One registry per process; names are prefixed `owdl_` (one-window data layer).
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: 'owdl_process_' });

const registers = [registry];
// Legacy systems answer in tens of ms to seconds; GraphQL requests add little on top.
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.5, 3, 6, 12];
// An audit commit takes a millisecond or two on a quiet database, tens under load.
const AUDIT_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export const metrics = {
  subgraphBatchCalls: new client.Histogram({
    name: 'owdl_gateway_subgraph_calls_per_exchange',
    help: 'Gateway: subgraph calls per HTTP exchange it sent to a subgraph (more than one: a batch of one turn of its event loop), by subgraph. Counted while batches are on.',
    labelNames: ['subgraph'],
    buckets: [1, 2, 4, 8, 16, 32],
    registers,
  }),
  batchEntries: new client.Histogram({
    name: 'owdl_graphql_batch_entries',
    help: 'Subgraph: GraphQL requests per batch it received from the gateway (each also counted as a request of its own).',
    buckets: [1, 2, 4, 8, 16, 32, 64],
    registers,
  }),
  graphqlRequests: new client.Counter({
    name: 'owdl_graphql_requests_total',
    help: 'GraphQL requests served, by service, operation name and outcome (ok, partial, error).',
    labelNames: ['service', 'operation', 'outcome'] as const,
    registers,
  }),
  graphqlDuration: new client.Histogram({
    name: 'owdl_graphql_request_duration_seconds',
    help: 'Time to answer a GraphQL request, from its start to the answer every plugin is done with (the audit trail’s commit included), by service and operation name.',
    labelNames: ['service', 'operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  legacyCalls: new client.Counter({
    name: 'owdl_legacy_calls_total',
    help: 'Calls to legacy systems, by department, operation and outcome (ok, or the error code).',
    labelNames: ['department', 'operation', 'outcome'] as const,
    registers,
  }),
  legacyDuration: new client.Histogram({
    name: 'owdl_legacy_call_duration_seconds',
    help: 'Time a legacy call took, by department and operation.',
    labelNames: ['department', 'operation'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  cacheLookups: new client.Counter({
    name: 'owdl_cache_lookups_total',
    help: 'Records looked up in the cache before a legacy call, by department, operation and result (hit, miss); at the gateway, answers about reference entities looked up before a subgraph call (operation reference-entities, department the subgraph).',
    labelNames: ['department', 'operation', 'result'] as const,
    registers,
  }),
  coalescedKeys: new client.Counter({
    name: 'owdl_legacy_coalesced_keys_total',
    help: "Keys a request did not send to its legacy system because another request's call was already fetching them (it waited for that call), by department and operation.",
    labelNames: ['department', 'operation'] as const,
    registers,
  }),
  retries: new client.Counter({
    name: 'owdl_legacy_retries_total',
    help: 'Retries of failed idempotent legacy reads, by department and operation.',
    labelNames: ['department', 'operation'] as const,
    registers,
  }),
  bulkheadRejections: new client.Counter({
    name: 'owdl_bulkhead_rejections_total',
    help: 'Legacy calls refused at once because the system already had its maximum in flight and waiting.',
    labelNames: ['department'] as const,
    registers,
  }),
  staleServes: new client.Counter({
    name: 'owdl_stale_serves_total',
    help: 'Records served from the cache after the legacy call failed, marked STALE_DATA.',
    labelNames: ['department', 'operation'] as const,
    registers,
  }),
  concurrencyLimit: new client.Gauge({
    name: 'owdl_legacy_concurrency_limit',
    help: 'Calls an operation batched across requests may run at once now, by department and operation (it follows the system’s latency between its min and max).',
    labelNames: ['department', 'operation'] as const,
    registers,
  }),
  breakerState: new client.Gauge({
    name: 'owdl_breaker_state',
    help: 'Circuit breaker state by department and operation: 0 closed, 1 half-open, 2 open.',
    labelNames: ['department', 'operation'] as const,
    registers,
  }),
  auditAppendDuration: new client.Histogram({
    name: 'owdl_audit_append_duration_seconds',
    help: 'Audit trail: time from an append to its commit (waiting for the transaction in progress, then its own), what recording adds to a request, by department (the chain’s writer) and outcome (ok, failed).',
    labelNames: ['department', 'outcome'] as const,
    buckets: AUDIT_BUCKETS,
    registers,
  }),
  auditCommitDuration: new client.Histogram({
    name: 'owdl_audit_commit_duration_seconds',
    help: 'Audit trail: time of one transaction of a chain (the appends that waited for it, together), by department and outcome (ok, failed).',
    labelNames: ['department', 'outcome'] as const,
    buckets: AUDIT_BUCKETS,
    registers,
  }),
  auditCommitRecords: new client.Histogram({
    name: 'owdl_audit_commit_records',
    help: 'Audit trail: records per committed transaction of a chain (more than one append’s under load: group commit), by department.',
    labelNames: ['department'] as const,
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000],
    registers,
  }),
  breakerTransitions: new client.Counter({
    name: 'owdl_breaker_transitions_total',
    help: 'Circuit breaker state changes, by department, operation and new state.',
    labelNames: ['department', 'operation', 'to'] as const,
    registers,
  }),
};
