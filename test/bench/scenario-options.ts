import path from 'node:path';
/** What `npm run bench` passes every scenario (from its flags). */
export interface ScenarioOptions {
  /** Length of each measured variant, in seconds (`--seconds`). @default 15 */
  seconds: number;
  /** Concurrent connections of the load tool (`--connections`); absent: the scenario's own default. */
  connections?: number;
  /** Directory for V8 CPU profiles of the gateway processes (`--cpu-prof DIR`); absent: no profiling. */
  cpuProfileDir?: string;
  /**
   * Directory for the logs of the gateway and subgraph processes, one `<name>.log` each (`--logs
   * DIR`), for `npm run bench:timeline`; absent: their logs are only kept in memory.
   */
  logDir?: string;
  /**
   * Run the gateways under ts-node (`--ts-node`), as test/helpers/gateway-process.ts does, instead
   * of compiled (gateway-build.ts): quicker to start, but each gateway's RSS then holds the
   * TypeScript compiler too.
   */
  tsNode?: boolean;
  /**
   * Run the subgraphs in the bench process, as test/helpers/stack.ts starts them
   * (`--in-process-subgraphs`), instead of each as its own compiled process like production
   * (subgraph-processes.ts): the bench process's one event loop then serves the load tool, the
   * mocks and all nine subgraphs.
   */
  inProcessSubgraphs?: boolean;
}

/**
 * The node flags that make a gateway or subgraph process write a V8 CPU profile (`<name>.cpuprofile`
 * in `cpuProfileDir`) when it exits; none when profiling is off. (Node 20 does not take them from
 * NODE_OPTIONS, so a gateway started by test/helpers/gateway-process.ts cannot be profiled.)
 */
export function cpuProfileArgs(options: ScenarioOptions, name: string): string[] {
  if (!options.cpuProfileDir) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`, `--cpu-prof-name=${name}.cpuprofile`];
}

/** The file a gateway or subgraph process's log goes to (`<name>.log` in `logDir`); none when `--logs` is off. */
export function logFileOf(options: ScenarioOptions, name: string): string | undefined {
  return options.logDir ? path.join(options.logDir, `${name}.log`) : undefined;
}
