import { performance } from 'node:perf_hooks';
import { Client } from 'undici';
import { runCompiled } from './gateway-build';
import { processCpuMs } from './process-stats';
import { stopProcess } from './stop-process';

/**
 * How fast this machine does what the data layer mostly does: small HTTP exchanges between two
 * Node processes (socket writes and reads, wake-ups of the other process, parsing, short-lived
 * objects). The same machine has run such work at half its usual speed in some sessions while its
 * raw crypto rate did not track it (it rose), so runs are compared by this figure, not by the CPU
 * model or the Ed25519 rate.
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
`;

/**
 * Loopback HTTP/1.1 round trips to a server in another process (one connection, a POST of a small
 * GraphQL body, answered with small JSON and read in full): a warm-up of `warmUpMs`, then `ms`
 * measured. Every answer is checked; one that is not the server's fails the measurement.
 */
export async function machinePace(ms = 2_000, warmUpMs = 500): Promise<MachinePace> {
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
    };
  } finally {
    await client.close();
    await stopProcess(server, 2_000);
  }
}
