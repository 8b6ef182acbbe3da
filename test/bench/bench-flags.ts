import path from 'node:path';
import { numberFlag } from './load';
import type { ScenarioOptions } from './scenario-options';

/** The scenarios of `npm run bench`, in the order they run. */
export const SCENARIO_NAMES = ['counter view', 'gateway overhead', 'scan storm', 'scale-out'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchFlags extends ScenarioOptions {
  /** The scenarios to run, in the order they run. */
  scenarios: ScenarioName[];
}

/** A scenario name as typed on a command line: `counter-view`, `Counter View` and `counterview` alike. */
const squash = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export const USAGE = `npm run bench [-- --only <name,...>] [--seconds N] [--connections N] [--cpu-prof DIR] [--logs DIR] [--ts-node] [--in-process-subgraphs]
  --only          scenarios to run (${SCENARIO_NAMES.join(', ')}; e.g. counter-view,scale-out); default all
  --seconds       seconds of each measured variant (default 15)
  --connections   connections of the load tool, for every scenario (default: each scenario's own)
  --cpu-prof      write V8 CPU profiles of the gateway and subgraph processes into DIR (not with --ts-node)
  --logs          write the logs of the gateway and subgraph processes into DIR, one <name>.log each, for
                  npm run bench:timeline -- DIR (not with --ts-node)
  --ts-node       run the gateways under ts-node instead of compiled (quicker start, larger RSS)
  --in-process-subgraphs
                  run the nine subgraphs in the bench process (one event loop with the load tool and
                  the mocks) instead of each as its own compiled process, as production runs them`;

/** Flags that take no value. */
const SWITCHES = new Set(['--ts-node', '--in-process-subgraphs']);

/** The flags of `npm run bench`; throws with the usage on anything it does not know. */
export function parseBenchFlags(argv: string[]): BenchFlags {
  const known = new Set(['--only', '--seconds', '--connections', '--cpu-prof', '--logs', ...SWITCHES]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!known.has(a)) throw new Error(`unknown argument ${a}\n${USAGE}`);
    if (!SWITCHES.has(a)) {
      if (argv[i + 1] === undefined || argv[i + 1]!.startsWith('--'))
        throw new Error(`${a} needs a value\n${USAGE}`);
      i++;
    }
  }
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i < 0 ? undefined : argv[i + 1];
  };
  const only = value('only');
  let scenarios: ScenarioName[] = [...SCENARIO_NAMES];
  if (only !== undefined) {
    const asked = only.split(',').map(squash).filter(Boolean);
    const unknown = asked.filter((a) => !SCENARIO_NAMES.some((n) => squash(n) === a));
    if (unknown.length || !asked.length)
      throw new Error(
        `--only: unknown scenario ${unknown.join(', ') || '(none)'}; known: ${SCENARIO_NAMES.join(', ')}`,
      );
    scenarios = SCENARIO_NAMES.filter((n) => asked.includes(squash(n)));
  }
  const connections = value('connections') === undefined ? undefined : numberFlag(argv, 'connections', 0);
  if (connections !== undefined && !Number.isInteger(connections))
    throw new Error(`--connections must be a whole number: ${connections}`);
  const profile = value('cpu-prof');
  if (profile !== undefined && argv.includes('--ts-node'))
    throw new Error(
      '--cpu-prof needs the compiled gateways: drop --ts-node (Node 20 takes no --cpu-prof in NODE_OPTIONS)',
    );
  const logs = value('logs');
  if (logs !== undefined && argv.includes('--ts-node'))
    throw new Error('--logs needs the compiled gateways: drop --ts-node');
  return {
    scenarios,
    seconds: numberFlag(argv, 'seconds', 15),
    ...(connections !== undefined ? { connections } : {}),
    ...(profile !== undefined ? { cpuProfileDir: path.resolve(profile) } : {}),
    ...(logs !== undefined ? { logDir: path.resolve(logs) } : {}),
    tsNode: argv.includes('--ts-node'),
    inProcessSubgraphs: argv.includes('--in-process-subgraphs'),
  };
}
