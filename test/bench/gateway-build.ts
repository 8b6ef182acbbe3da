import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { GatewayRun } from '../helpers/gateway-process';
import { cpuProfileArgs, logFileOf, type ScenarioOptions } from './scenario-options';

const root = path.resolve(__dirname, '../..');
/**
 * Where the benches compile the gateways: one folder per checkout (its links point into it),
 * kept between runs so tsc builds incrementally.
 */
export const BUILD_DIR = path.join(
  os.tmpdir(),
  `owdl-bench-build-${createHash('sha256').update(root).digest('hex').slice(0, 8)}`,
);
/** Source folders the compiled code finds beside its dist/ (adapters/kit/source-folder.ts), and node_modules. */
const LINKED = ['gateway', 'subgraphs', 'adapters', 'mocks', 'trust', 'node_modules'];

let built: Promise<void> | undefined;

/**
 * Compiles the product, the plain gateway (test/bench/plain-gateway.ts) and the scan storm's floor
 * (test/bench/scan-floor.ts) to JavaScript in BUILD_DIR/dist, as `npm run build` compiles the
 * product for production, without touching the project's own dist/. The benches run their
 * processes from there, so a gateway's RSS and CPU are not those of ts-node (whose TypeScript
 * compiler alone holds some 70 MB). Once per bench run.
 */
export function buildGateways(): Promise<void> {
  return (built ??= (async () => {
    mkdirSync(BUILD_DIR, { recursive: true });
    for (const name of LINKED) {
      const link = path.join(BUILD_DIR, name);
      if (!existsSync(link)) symlinkSync(path.join(root, name), link);
    }
    const config = path.join(BUILD_DIR, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: path.join(root, 'tsconfig.build.json'),
        compilerOptions: {
          rootDir: root,
          outDir: path.join(BUILD_DIR, 'dist'),
          tsBuildInfoFile: path.join(BUILD_DIR, 'dist', '.tsbuildinfo'),
        },
        include: [
          ...['gateway', 'subgraphs', 'adapters', 'mocks', 'trust'].map((d) => path.join(root, d)),
          path.join(root, 'test/bench/plain-gateway.ts'),
          path.join(root, 'test/bench/scan-floor.ts'),
        ],
        // Absolute, like the include: a config's patterns are relative to its own folder.
        exclude: ['*.test.ts', '*.conformance.ts', 'test-support.ts', 'conformance-harness.ts'].map((f) =>
          path.join(root, '**', f),
        ),
      }),
    );
    process.stderr.write(`compiling the gateways into ${BUILD_DIR}/dist (tsc, incremental)\n`);
    await promisify(execFile)(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', config], {
      cwd: root,
    }).catch((e: { stdout?: string; message: string }) => {
      throw new Error(`tsc failed: ${e.stdout || e.message}`);
    });
  })());
}

/** Longest a process of the bench may take to say it listens before it is killed and the start fails, in ms. */
export const START_TIMEOUT_MS = 60_000;

/**
 * Runs a compiled entry (`dist/<entry>.js` of BUILD_DIR) in its own process with `env` over this
 * process's; resolves once its output matches `listening` (group 1: the URL), rejects if it exits
 * first, cannot be spawned, or has not listened within START_TIMEOUT_MS (it is then killed).
 * `nodeArgs` replaces the script (e.g. ts-node and the .ts source). With `logFile`, its stdout and
 * stderr are written to that file too, as they come (`--logs`).
 */
export function runCompiled(
  entry: string,
  args: string[],
  env: Record<string, string>,
  listening: RegExp,
  nodeArgs: string[] = [path.join(BUILD_DIR, 'dist', `${entry}.js`)],
  logFile?: string,
): Promise<GatewayRun & { url: string }> {
  const proc = spawn(process.execPath, [...nodeArgs, ...args], {
    cwd: root,
    env: { ...process.env, JEST_WORKER_ID: '', ...env },
    // With an IPC channel: a bench killed outright (SIGKILL) closes it, and the process exits
    // instead of living on (onTermination, onStop; the pace's server listens for it too).
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  proc.channel?.unref();
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    proc.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  // Read both pipes to the end, so the child never blocks on its logs.
  let out = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  if (logFile) {
    const file = createWriteStream(logFile);
    file.on('error', (e) =>
      process.stderr.write(`${entry}: cannot write its log to ${logFile}: ${e.message}\n`),
    );
    proc.stdout!.on('data', (c: Buffer) => file.write(c));
    proc.stderr!.on('data', (c: Buffer) => file.write(c));
    // 'close': both pipes are read to the end.
    proc.on('close', () => file.end());
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${entry} did not listen within ${START_TIMEOUT_MS} ms: ${out}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const m = listening.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.stdout!.off('data', onData);
      resolve({ proc, url: m[1]!, exited, output: () => out });
    };
    proc.stdout!.on('data', onData);
    proc.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${entry} could not be started: ${e.message}`));
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before listening: ${out}`));
    });
  });
}

/** What a bench script of ours prints once it listens: `{"url":"http://127.0.0.1:<port>/"}`. */
export const URL_LINE = /\{"url":"(http:\/\/127\.0\.0\.1:\d+\/)"\}/;

/**
 * Runs one of the bench's own scripts (`test/bench/<name>.ts`: the plain gateway, the scan
 * storm's floor) in its own process, as the gateways run: compiled from BUILD_DIR, or under
 * ts-node with `--ts-node` (no `--cpu-prof` then); resolves once it prints URL_LINE.
 */
export async function runBenchScript(
  name: string,
  args: string[],
  env: Record<string, string>,
  options: ScenarioOptions,
  profile: string,
): Promise<GatewayRun & { url: string }> {
  const entry = `test/bench/${name}`;
  if (options.tsNode) {
    if (options.cpuProfileDir) throw new Error('--cpu-prof needs the compiled gateways: drop --ts-node');
    return runCompiled(
      entry,
      args,
      env,
      URL_LINE,
      ['--require', 'ts-node/register/transpile-only', path.join(root, `${entry}.ts`)],
      logFileOf(options, profile),
    );
  }
  await buildGateways();
  return runCompiled(
    entry,
    args,
    env,
    URL_LINE,
    [...cpuProfileArgs(options, profile), path.join(BUILD_DIR, 'dist', `${entry}.js`)],
    logFileOf(options, profile),
  );
}
