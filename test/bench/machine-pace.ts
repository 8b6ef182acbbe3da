import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { Client } from 'undici';
import { runCompiled } from './gateway-build';
import { processCpuMs } from './process-stats';
import { stopProcess } from './stop-process';

/**
 * The state the machine was in, two ways. This VM has run the data layer's work at half its usual
 * speed in some sessions while its raw crypto rate did not track it (it rose), nor did the
 * loopback round trips (14,200/s in a slow session, 7,300/s in the fastest full run): the figure
 * that did track it is the first touch of a fresh memory page (a minor page fault: 11.3 µs in a
 * slow session, 1.5-1.7 µs in fast ones). Compare runs by `pageTouchUs` (it tells the two states
 * apart, not drifts of 15-20 % within one); the round trips say what one small HTTP exchange
 * between two Node processes costs in CPU.
 */
export interface MachinePace {
  /** Round trips per second over one keep-alive connection to a server in another process. */
  roundTripsPerSec: number;
  /** CPU (user + system) per round trip of the client (this process), in µs. */
  clientCpuUs: number;
  /** CPU per round trip of the server process, in µs; NaN where /proc is not there to read it. */
  serverCpuUs: number;
  /** Round trips measured (after the warm-up). */
  roundTrips: number;
  /** The first write to a fresh 4 KiB page, in µs (median of PAGE_TOUCH_ROUNDS rounds of PAGE_TOUCH_MIB each). */
  pageTouchUs: number;
}

/** MiB touched page by page in each round of the page-touch measurement. */
export const PAGE_TOUCH_MIB = 256;
/** Rounds of the page-touch measurement (its median is reported). */
export const PAGE_TOUCH_ROUNDS = 3;

/**
 * A fresh process writes one byte to every 4 KiB page of a new `mib` MiB buffer (memory the
 * kernel has to fault in and zero), PAGE_TOUCH_ROUNDS times, and prints the µs per page of each
 * round: in a process of its own so the bench process's heap never holds the buffers.
 */
const pageTouch = (mib: number) => `
const rounds = [];
for (let r = 0; r < ${PAGE_TOUCH_ROUNDS}; r++) {
  const buf = Buffer.allocUnsafeSlow(${mib} * 1024 * 1024);
  const start = process.hrtime.bigint();
  for (let i = 0; i < buf.length; i += 4096) buf[i] = 1;
  rounds.push(Number(process.hrtime.bigint() - start) / 1000 / (buf.length / 4096));
}
process.stdout.write(JSON.stringify(rounds));
`;

/** The median µs per first touch of a fresh page (pageTouch), measured in a child process over `mib` MiB a round. */
export async function pageTouchUs(mib = PAGE_TOUCH_MIB): Promise<number> {
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', pageTouch(mib)], { timeout: 60_000 });
  const rounds = JSON.parse(stdout) as unknown;
  if (!Array.isArray(rounds) || rounds.length !== PAGE_TOUCH_ROUNDS || !rounds.every((r) => r > 0))
    throw new Error(`page touch: unexpected output ${stdout.slice(0, 200)}`);
  return [...(rounds as number[])].sort((a, b) => a - b)[Math.floor(PAGE_TOUCH_ROUNDS / 2)]!;
}

/** What each answer carries: about a subgraph's answer to one entity fetch. */
const ANSWER = JSON.stringify({
  data: { _entities: [{ id: '310107199003070017', name: '张伟', sex: 'MALE' }] },
});
const QUESTION = JSON.stringify({
  query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Person { id name sex } } }',
  variables: { r: [{ __typename: 'Person', id: '310107199003070017' }] },
});
/**
 * The server process: node:http on a free loopback port (printed on stdout), answering every
 * request, once its body is read, with ANSWER. Plain JavaScript run by `node -e`, so it needs no
 * build and no TypeScript loader.
 */
const SERVER = `
const http = require('node:http');
const answer = ${JSON.stringify(ANSWER)};
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(answer);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
process.on('SIGTERM', () => process.exit(0));
process.on('disconnect', () => process.exit(0));
`;

/**
 * The first touch of fresh pages (pageTouchUs), then loopback HTTP/1.1 round trips to a server in
 * another process (one connection, a POST of a small GraphQL body, answered with small JSON and
 * read in full): a warm-up of `warmUpMs`, then `ms` measured. Every answer is checked; one that is
 * not the server's fails the measurement.
 */
export async function machinePace(
  ms = 2_000,
  warmUpMs = 500,
  touchMib = PAGE_TOUCH_MIB,
): Promise<MachinePace> {
  const touchUs = await pageTouchUs(touchMib);
  const server = await runCompiled('machine pace loopback server', [], {}, /^(\d+)$/m, ['-e', SERVER]);
  const client = new Client(`http://127.0.0.1:${server.url}`, { pipelining: 1 });
  const once = async () => {
    const res = await client.request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: QUESTION,
    });
    const text = await res.body.text();
    if (res.statusCode !== 200 || text !== ANSWER)
      throw new Error(`loopback answer ${res.statusCode}: ${text.slice(0, 200)}`);
  };
  const loop = async (span: number) => {
    let n = 0;
    const start = performance.now();
    while (performance.now() - start < span) {
      await once();
      n++;
    }
    return { n, wallMs: performance.now() - start };
  };
  try {
    await loop(warmUpMs);
    const client0 = process.cpuUsage();
    const server0 = processCpuMs(server.proc.pid!);
    const { n, wallMs } = await loop(ms);
    const clientCpu = process.cpuUsage(client0);
    const serverMs = processCpuMs(server.proc.pid!) - server0;
    return {
      roundTripsPerSec: (n * 1000) / wallMs,
      clientCpuUs: (clientCpu.user + clientCpu.system) / n,
      serverCpuUs: (serverMs * 1000) / n,
      roundTrips: n,
      pageTouchUs: touchUs,
    };
  } finally {
    await client.close();
    await stopProcess(server, 2_000);
  }
}
