import path from 'node:path';
import { envPrefix, SUBGRAPHS } from '../../gateway/departments';
import { startGatewayProcess, stackGatewayEnv, type GatewayRun } from '../helpers/gateway-process';
import type { Stack } from '../helpers/stack';
import { BUILD_DIR, buildGateways, runBenchScript, runCompiled } from './gateway-build';
import { cpuProfileArgs, logFileOf, type ScenarioOptions } from './scenario-options';

const root = path.resolve(__dirname, '../..');
const SUPERGRAPH = path.join(root, 'gateway/supergraph.graphql');

/**
 * `<NAME>_SUBGRAPH_URL` for each subgraph of `urls` (e.g. subgraph-processes.ts's), which replace
 * the stack's in-process ones in stackGatewayEnv; none when absent.
 */
export function subgraphUrlEnv(urls: Record<string, string> = {}): Record<string, string> {
  const known = new Set(SUBGRAPHS.map((s) => s.name));
  for (const name of Object.keys(urls)) if (!known.has(name)) throw new Error(`no subgraph ${name}`);
  return Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [`${envPrefix(name)}_SUBGRAPH_URL`, url]),
  );
}

/**
 * Our gateway in its own process joined to a stack (NODE_ENV=production, LOG_LEVEL info, the
 * stack's subgraphs, keys and audit trail): compiled (gateway-build.ts), as production runs
 * `node dist/gateway/index.js`; or, with `--ts-node`, by test/helpers/gateway-process.ts.
 * `profile` names its CPU profile when `--cpu-prof` is on. `subgraphUrls` (subgraph processes,
 * by name) replace the stack's in-process subgraphs.
 */
export async function startOurGateway(
  stack: Stack,
  options: ScenarioOptions,
  profile: string,
  subgraphUrls?: Record<string, string>,
): Promise<GatewayRun & { url: string }> {
  if (options.tsNode) {
    if (options.cpuProfileDir || options.logDir)
      throw new Error('--cpu-prof and --logs need the compiled gateways: drop --ts-node');
    return startGatewayProcess(stack, subgraphUrlEnv(subgraphUrls));
  }
  await buildGateways();
  return runCompiled(
    'gateway/index',
    ['--supergraph', SUPERGRAPH, '--port', '0'],
    {
      LOG_LEVEL: 'info',
      ...stackGatewayEnv(stack),
      ...subgraphUrlEnv(subgraphUrls),
      NODE_ENV: 'production',
    },
    /"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/,
    [...cpuProfileArgs(options, profile), path.join(BUILD_DIR, 'dist', 'gateway/index.js')],
    logFileOf(options, profile),
  );
}

/**
 * The plain @apollo/gateway of plain-gateway.ts in its own process, joined to the same stack's
 * subgraphs (or `subgraphUrls`, as ours) and context key, started the same way as ours (compiled,
 * or with `--ts-node` under ts-node), so both are measured alike.
 */
export async function startPlainGateway(
  stack: Stack,
  options: ScenarioOptions,
  profile: string,
  subgraphUrls?: Record<string, string>,
): Promise<GatewayRun & { url: string }> {
  const env = {
    ...stackGatewayEnv(stack),
    ...subgraphUrlEnv(subgraphUrls),
    NODE_ENV: 'production',
    GATEWAY_SUPERGRAPH: SUPERGRAPH,
  };
  return runBenchScript('plain-gateway', [], env, options, profile);
}

/** How the gateways ran, for the notes. */
export function gatewayRuntime(options: ScenarioOptions): string {
  return options.tsNode
    ? 'under ts-node (--ts-node: its RSS holds the TypeScript compiler too)'
    : 'compiled JavaScript (node dist/...js, as production runs it)';
}
