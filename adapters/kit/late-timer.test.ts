import net from 'node:net';
import { LegacyOperation, newAdapterContext } from './operation';
import { timeoutSignal, withTimeoutSignal } from './late-timer';

/** Keeps the event loop busy for `ms`, as a long synchronous stretch (a big parse, a GC) does. */
function busy(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    /* spin */
  }
}

let server: net.Server;
let port: number;
/** Runs as the server answers (a test may start its timer right then). */
let beforeAnswer: () => void = () => undefined;
/** How long the event loop stays busy after the answer, in ms: past the caller's timeout. */
let busyAfterAnswerMs = 400;
beforeAll(async () => {
  // Answers at once, then keeps the event loop busy past the caller's timeout: the answer is
  // already in the caller's socket when its timer comes due.
  server = net.createServer((socket) =>
    socket.on('data', () => {
      beforeAnswer();
      socket.write('answer');
      busy(busyAfterAnswerMs);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('LegacyOperation timeout after a busy event loop', () => {
  it('takes an answer that arrived in time over a timer that only ran late', async () => {
    const op = new LegacyOperation<string, string>({
      department: 'late-timer',
      name: 'thing.byId',
      // The timer starts with the call: 300 ms for the request to reach the server (a busy test
      // machine included), which then answers and keeps the loop busy for 400 ms, past the timer.
      policy: { timeoutMs: 300, retry: { attempts: 0 }, breaker: { volumeThreshold: 1_000 }, cacheTtlMs: 1 },
      batch: (keys) =>
        new Promise((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.write(keys.join(',')));
          socket.once('data', (d) => {
            socket.destroy();
            resolve(keys.map(() => d.toString()));
          });
          socket.once('error', reject);
        }),
    });
    await expect(op.load(newAdapterContext(), 'a')).resolves.toBe('answer');
  });
});

describe('timeoutSignal', () => {
  it('aborts with a TimeoutError once the time is up, not before', async () => {
    const signal = timeoutSignal(30);
    await new Promise((r) => setTimeout(r, 10));
    expect(signal.aborted).toBe(false);
    await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    expect((signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('lets an answer that arrived while the event loop was busy be read before it aborts', async () => {
    // The timer starts as the server answers, and the loop stays busy past it: due, with the
    // answer already in the socket, whatever the time the request took to get there.
    let signal: AbortSignal | undefined;
    beforeAnswer = () => (signal = timeoutSignal(50));
    busyAfterAnswerMs = 150;
    try {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('ask'));
      const got = await new Promise<string>((resolve) =>
        socket.once('data', (d) => resolve(signal!.aborted ? 'aborted first' : d.toString())),
      );
      socket.destroy();
      expect(got).toBe('answer');
    } finally {
      beforeAnswer = () => undefined;
      busyAfterAnswerMs = 400;
    }
  });
});

describe('withTimeoutSignal', () => {
  it('aborts what outlasts the time', async () => {
    const reason = await withTimeoutSignal(
      20,
      (signal) =>
        new Promise((resolve) =>
          signal.addEventListener('abort', () => resolve(signal.reason), { once: true }),
        ),
    );
    expect((reason as DOMException).name).toBe('TimeoutError');
  });

  it('ends its timer once the work settled, whether it answered or failed', async () => {
    let kept: AbortSignal | undefined;
    expect(await withTimeoutSignal(20, async (signal) => ((kept = signal), 'answer'))).toBe('answer');
    let failed: AbortSignal | undefined;
    await expect(
      withTimeoutSignal(20, async (signal) => {
        failed = signal;
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // Well past the time, and past a lateTimer's check phase: neither signal ever aborted.
    await new Promise((r) => setTimeout(r, 60));
    await new Promise((r) => setImmediate(r));
    expect([kept!.aborted, failed!.aborted]).toEqual([false, false]);
  });
});
