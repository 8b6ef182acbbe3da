import path from 'node:path';
import { parseBenchFlags, SCENARIO_NAMES } from './bench-flags';

describe('parseBenchFlags', () => {
  it('runs every scenario for 15 s with each its own connections by default', () => {
    expect(parseBenchFlags([])).toEqual({
      scenarios: [...SCENARIO_NAMES],
      seconds: 15,
      tsNode: false,
      inProcessSubgraphs: false,
    });
  });

  it('takes scenario names however they are typed, and runs them in the bench order', () => {
    expect(parseBenchFlags(['--only', 'scale-out,Counter View,scanstorm']).scenarios).toEqual([
      'counter view',
      'scan storm',
      'scale-out',
    ]);
    expect(parseBenchFlags(['--only', 'gateway-overhead']).scenarios).toEqual(['gateway overhead']);
  });

  it('takes seconds, connections, a profile directory and --ts-node', () => {
    expect(parseBenchFlags(['--seconds', '3', '--connections', '50', '--cpu-prof', 'prof'])).toEqual({
      scenarios: [...SCENARIO_NAMES],
      seconds: 3,
      connections: 50,
      cpuProfileDir: path.resolve('prof'),
      tsNode: false,
      inProcessSubgraphs: false,
    });
    expect(parseBenchFlags(['--ts-node']).tsNode).toBe(true);
  });

  it("takes a directory for the processes' logs with --logs, not beside --ts-node", () => {
    expect(parseBenchFlags(['--logs', 'logs', '--only', 'scan-storm'])).toEqual({
      scenarios: ['scan storm'],
      seconds: 15,
      logDir: path.resolve('logs'),
      tsNode: false,
      inProcessSubgraphs: false,
    });
    expect(() => parseBenchFlags(['--logs'])).toThrow('--logs needs a value');
    expect(() => parseBenchFlags(['--ts-node', '--logs', 'l'])).toThrow('--logs needs the compiled gateways');
  });

  it('keeps the subgraphs in the bench process with --in-process-subgraphs, a flag without a value', () => {
    expect(parseBenchFlags(['--in-process-subgraphs', '--seconds', '4'])).toMatchObject({
      seconds: 4,
      inProcessSubgraphs: true,
    });
    expect(() => parseBenchFlags(['--seconds', '--in-process-subgraphs'])).toThrow('--seconds needs a value');
  });

  it('refuses what it does not know, with the usage', () => {
    expect(() => parseBenchFlags(['--only', 'soak'])).toThrow(
      '--only: unknown scenario soak; known: counter view',
    );
    expect(() => parseBenchFlags(['--only', ','])).toThrow('--only: unknown scenario (none)');
    expect(() => parseBenchFlags(['--fast'])).toThrow(/^unknown argument --fast\nnpm run bench/);
    expect(() => parseBenchFlags(['--seconds'])).toThrow('--seconds needs a value');
    expect(() => parseBenchFlags(['--seconds', '--ts-node'])).toThrow('--seconds needs a value');
    expect(() => parseBenchFlags(['--seconds', '0'])).toThrow('--seconds must be a positive number: 0');
    expect(() => parseBenchFlags(['--connections', '2.5'])).toThrow(
      '--connections must be a whole number: 2.5',
    );
    expect(() => parseBenchFlags(['--cpu-prof', 'p', '--ts-node'])).toThrow(
      '--cpu-prof needs the compiled gateways',
    );
  });
});
