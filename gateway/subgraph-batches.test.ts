import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetcherResponse } from '@apollo/utils.fetcher';
import { Agent } from 'undici';
import { BATCH_HEADER, type BatchEntry, type BatchReply } from '../subgraphs/kit/batch';
import { DEADLINE_HEADER } from '../subgraphs/kit/context';
import { batchingFetcher, MAX_BATCH_BYTES } from './subgraph-batches';

/** What the test server received: one row per HTTP exchange. */
interface Exchange {
  batch: boolean;
  entries: BatchEntry[];
}

/**
 * A subgraph stand-in. `batches`: answer batches as the kit does (each entry: 200 and its body
 * echoed back as `{ echo }`, or the delay/status an entry's body asks for); otherwise answer
 * every batch 400 with no batch header, as a server that takes no batches would. `oneWrite`:
 * write a batch's lines together, in one write once all its entries are ready, so that the
 * calls of a batch settle in the same turn however the machine schedules the entries' timers.
 */
async function server(batches: boolean, { oneWrite = false } = {}) {
  const exchanges: Exchange[] = [];
  const answer = async (entry: BatchEntry): Promise<BatchReply> => {
    const asked = JSON.parse(entry.body) as { delayMs?: number; status?: number; text: string };
    if (asked.delayMs) await new Promise((r) => setTimeout(r, asked.delayMs));
    return {
      status: asked.status ?? 200,
      headers: { 'content-type': 'application/json', 'x-entry': entry.headers['x-who'] ?? '' },
      body: JSON.stringify({ echo: asked.text, who: entry.headers['x-who'] }),
    };
  };
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const batch = req.headers[BATCH_HEADER] === '1';
      const entries: BatchEntry[] = batch
        ? (JSON.parse(raw) as BatchEntry[])
        : [{ headers: req.headers as Record<string, string>, body: raw }];
      exchanges.push({ batch, entries });
      if (batch && !batches) {
        res.writeHead(400, { 'content-type': 'application/json' });
        return res.end('{"errors":[{"message":"Operation batching disabled."}]}');
      }
      if (!batch)
        return void answer(entries[0]!).then((reply) => {
          res.writeHead(reply.status, reply.headers);
          res.end(reply.body);
        });
      // As the kit answers: a line per entry as soon as it is ready.
      res.writeHead(200, { 'content-type': 'application/x-ndjson', [BATCH_HEADER]: '1' });
      const line = (i: number, reply: BatchReply) => `${JSON.stringify({ i, ...reply })}\n`;
      if (oneWrite)
        return void Promise.all(entries.map(answer)).then((replies) =>
          res.end(replies.map((reply, i) => line(i, reply)).join('')),
        );
      void Promise.all(
        entries.map((entry, i) => answer(entry).then((reply) => res.write(line(i, reply)))),
      ).then(() => res.end());
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/graphql`;
  return { url, exchanges, close: () => new Promise<void>((r) => srv.close(() => r())) };
}

/** A server that answers every request, once its body is read, with `status`, `headers` and `body`. */
async function fixedAnswer(status: number, headers: Record<string, string>, body: string) {
  let exchanges = 0;
  const srv = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      exchanges++;
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}/graphql`,
    close: () => new Promise<void>((r) => srv.close(() => r())),
    get exchanges() {
      return exchanges;
    },
  };
}

const call = (who: string, asked: Record<string, unknown>, deadlineMs?: number) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/json',
    'x-who': who,
    ...(deadlineMs ? { [DEADLINE_HEADER]: String(deadlineMs) } : {}),
  },
  body: JSON.stringify(asked),
});

const read = async (reply: FetcherResponse) => ({
  status: reply.status,
  entry: reply.headers.get('x-entry'),
  body: (await reply.json()) as unknown,
});

describe('batchingFetcher', () => {
  let agent: Agent;
  let closeServer: (() => Promise<void>) | undefined;
  beforeEach(() => (agent = new Agent({ connections: 8 })));
  afterEach(async () => {
    await agent.close();
    await closeServer?.();
  });

  /** Calls a and b in one turn, to a subgraph answering their batch with `lines`: how each settled. */
  async function twoCallsAnswered(lines: string) {
    const fixed = await fixedAnswer(
      200,
      { 'content-type': 'application/x-ndjson', [BATCH_HEADER]: '1' },
      lines,
    );
    closeServer = fixed.close;
    const fetch = batchingFetcher(agent);
    return Promise.allSettled([
      fetch(fixed.url, call('a', { text: 'a' })),
      fetch(fixed.url, call('b', { text: 'b' })),
    ]);
  }

  it('sends the calls of one turn to one subgraph as one batch, each with its own headers and answer', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    const replies = await Promise.all(
      ['a', 'b', 'c'].map((who) => fetch(s.url, call(who, { text: `for ${who}` })).then(read)),
    );
    expect(replies).toEqual(
      ['a', 'b', 'c'].map((who) => ({ status: 200, entry: who, body: { echo: `for ${who}`, who } })),
    );
    expect(s.exchanges.map((e) => [e.batch, e.entries.map((x) => x.headers['x-who'])])).toEqual([
      [true, ['a', 'b', 'c']],
    ]);
  });

  it('sends a call alone in its turn as before (no envelope), and calls of later turns in exchanges of their own', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    expect(await read(await fetch(s.url, call('a', { text: 'one' })))).toEqual({
      status: 200,
      entry: 'a',
      body: { echo: 'one', who: 'a' },
    });
    await Promise.all([fetch(s.url, call('b', { text: 'two' })), fetch(s.url, call('c', { text: 'three' }))]);
    expect(s.exchanges.map((e) => [e.batch, e.entries.length])).toEqual([
      [false, 1],
      [true, 2],
    ]);
  });

  it('keeps each subgraph apart, and splits a turn past maxCalls into several batches', async () => {
    const s1 = await server(true);
    const s2 = await server(true);
    closeServer = async () => {
      await s1.close();
      await s2.close();
    };
    const fetch = batchingFetcher(agent, { maxCalls: 2 });
    const replies = await Promise.all([
      ...['a', 'b', 'c', 'd', 'e'].map((who) => fetch(s1.url, call(who, { text: who })).then(read)),
      fetch(s2.url, call('z', { text: 'z' })).then(read),
    ]);
    expect(replies.map((r) => r.entry)).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
    expect(s1.exchanges.map((e) => e.entries.map((x) => x.headers['x-who']))).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e'],
    ]);
    expect(s1.exchanges.map((e) => e.batch)).toEqual([true, true, false]);
    expect(s2.exchanges.map((e) => [e.batch, e.entries.length])).toEqual([[false, 1]]);
  });

  it('keeps the body bytes of a batch within MAX_BATCH_BYTES: a large call goes in a batch of its own or alone', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    const big = 'x'.repeat(MAX_BATCH_BYTES * 0.6);
    const replies = await Promise.all(
      [
        ['a', 'small'],
        ['b', big],
        ['c', big],
        ['d', 'small'],
      ].map(([who, text]) => fetch(s.url, call(who!, { text })).then(read)),
    );
    expect(replies.map((r) => [r.entry, (r.body as { echo: string }).echo.length])).toEqual([
      ['a', 5],
      ['b', big.length],
      ['c', big.length],
      ['d', 5],
    ]);
    expect(s.exchanges.map((e) => [e.batch, e.entries.map((x) => x.headers['x-who'])])).toEqual([
      [true, ['a', 'b']],
      [true, ['c', 'd']],
    ]);
  });

  it('keeps at most maxInFlight calls in flight to a subgraph: the others wait and go out together as calls end', async () => {
    const s = await server(true, { oneWrite: true });
    closeServer = s.close;
    const fetch = batchingFetcher(agent, { maxInFlight: 2 });
    const replies = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((who) =>
        fetch(s.url, call(who, { text: who, delayMs: 50 }, 5_000)).then(read),
      ),
    );
    expect(replies.map((r) => r.entry)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(s.exchanges.map((e) => [e.batch, e.entries.map((x) => x.headers['x-who'])])).toEqual([
      [true, ['a', 'b']],
      [true, ['c', 'd']],
      [false, ['e']],
    ]);
    // The batch entries that waited say so in their deadlines: 50 ms or more less than they had.
    const deadlines = s.exchanges.map((e) => e.entries.map((x) => Number(x.headers[DEADLINE_HEADER])));
    expect(deadlines[0]!.every((ms) => ms > 4_900 && ms <= 5_000)).toBe(true);
    expect(deadlines[1]!.every((ms) => ms >= 1 && ms <= 4_950)).toBe(true);
  });

  it('ends a call that waited for room past its deadline without sending it', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent, { maxInFlight: 1 });
    const [slow, waited] = await Promise.allSettled([
      fetch(s.url, call('slow', { text: 'slow', delayMs: 300 })).then(read),
      fetch(s.url, call('waited', { text: 'waited' }, 50)).then(read),
    ]);
    expect(slow.status).toBe('fulfilled');
    expect(waited.status).toBe('rejected');
    expect((waited as PromiseRejectedResult).reason).toMatchObject({ name: 'TimeoutError' });
    await new Promise((r) => setTimeout(r, 50));
    expect(s.exchanges.map((e) => e.entries.map((x) => x.headers['x-who']))).toEqual([['slow']]);
  });

  it('does not send a call whose deadline passed before it could go, even when its timer has not run yet', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    const late = fetch(s.url, call('late', { text: 'late' }, 1)).then(read);
    // A busy event loop: the call's 1 ms pass before its turn ends and it would be sent, and its
    // timer runs only after that.
    const until = performance.now() + 5;
    while (performance.now() < until);
    await expect(late).rejects.toMatchObject({ name: 'TimeoutError' });
    // Time for a request sent all the same to reach the server.
    await new Promise((r) => setTimeout(r, 50));
    expect(s.exchanges).toEqual([]);
  });

  it('sends a call that waited for room with its deadline less the wait, so the subgraph stops when the gateway does', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent, { maxInFlight: 1 });
    await Promise.all([
      fetch(s.url, call('slow', { text: 'slow', delayMs: 200 }, 5_000)).then(read),
      fetch(s.url, call('waited', { text: 'waited' }, 1_000)).then(read),
    ]);
    const sent = s.exchanges.map((e) => [
      e.entries[0]!.headers['x-who'],
      Number(e.entries[0]!.headers[DEADLINE_HEADER]),
    ]);
    expect(sent.map(([who]) => who)).toEqual(['slow', 'waited']);
    // Sent at once: only the rest of its turn off (a busy machine may stretch a turn).
    expect(sent[0]![1]).toBeGreaterThanOrEqual(4_900);
    expect(sent[0]![1]).toBeLessThanOrEqual(5_000);
    // Sent once the slow call ended, 200 ms or more later.
    expect(sent[1]![1]).toBeGreaterThanOrEqual(1);
    expect(sent[1]![1]).toBeLessThanOrEqual(800);
  });

  it('gives each call its own status (one refused, one answered), as each would have got alone', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    const [ok, refused] = await Promise.all([
      fetch(s.url, call('a', { text: 'fine' })).then(read),
      fetch(s.url, call('b', { text: 'no', status: 401 })).then(read),
    ]);
    expect(ok.status).toBe(200);
    expect(refused).toEqual({ status: 401, entry: 'b', body: { echo: 'no', who: 'b' } });
  });

  it('answers each call as soon as its line arrives: a quick call does not wait for a slow one of its batch', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    let slowDone = false;
    const slow = fetch(s.url, call('slow', { text: 'slow', delayMs: 300 })).then((r) => {
      slowDone = true;
      return read(r);
    });
    const quick = await fetch(s.url, call('quick', { text: 'quick' })).then(read);
    expect([quick.entry, slowDone]).toEqual(['quick', false]);
    expect((await slow).body).toEqual({ echo: 'slow', who: 'slow' });
    expect(s.exchanges.map((e) => [e.batch, e.entries.length])).toEqual([[true, 2]]);
  });

  it('fails the calls a batch left unanswered, and keeps the answers it gave', async () => {
    const [first, second] = await twoCallsAnswered(
      `${JSON.stringify({ i: 1, status: 200, headers: {}, body: '{"ok":1}' })}\n`,
    );
    expect(first.status).toBe('rejected');
    expect(((first as PromiseRejectedResult).reason as Error).message).toBe(
      'batch of 2 ended with 1 calls unanswered',
    );
    expect(second.status).toBe('fulfilled');
    expect(await (second as PromiseFulfilledResult<FetcherResponse>).value.json()).toEqual({ ok: 1 });
  });

  it('gives every call of a batch refused as a whole (too large) that refusal', async () => {
    const fixed = await fixedAnswer(
      413,
      { 'content-type': 'application/json', [BATCH_HEADER]: '1' },
      '{"errors":[{"message":"too many","extensions":{"code":"REQUEST_TOO_LARGE"}}]}',
    );
    closeServer = fixed.close;
    const url = fixed.url;
    const fetch = batchingFetcher(agent);
    const replies = await Promise.all(
      ['a', 'b'].map((who) => fetch(url, call(who, { text: who })).then(read)),
    );
    expect(
      replies.map((r) => [
        r.status,
        (r.body as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      ]),
    ).toEqual([
      [413, 'REQUEST_TOO_LARGE'],
      [413, 'REQUEST_TOO_LARGE'],
    ]);
  });

  it('ends a call at its own deadline while the others of its batch are answered', async () => {
    const s = await server(true);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    const [quick, late] = await Promise.allSettled([
      fetch(s.url, call('a', { text: 'quick' }, 2_000)).then(read),
      fetch(s.url, call('b', { text: 'late', delayMs: 400 }, 50)).then(read),
    ]);
    expect(quick).toEqual({
      status: 'fulfilled',
      value: { status: 200, entry: 'a', body: { echo: 'quick', who: 'a' } },
    });
    expect(late.status).toBe('rejected');
    expect((late as PromiseRejectedResult).reason).toMatchObject({ name: 'TimeoutError' });
  });

  it('calls a subgraph that takes no batches singly: the refused batch is sent again call by call, and so is every later turn', async () => {
    const s = await server(false);
    closeServer = s.close;
    const fetch = batchingFetcher(agent);
    const first = await Promise.all(
      ['a', 'b'].map((who) => fetch(s.url, call(who, { text: who })).then(read)),
    );
    expect(first.map((r) => [r.status, r.entry])).toEqual([
      [200, 'a'],
      [200, 'b'],
    ]);
    await Promise.all(['c', 'd'].map((who) => fetch(s.url, call(who, { text: who }))));
    expect(s.exchanges.map((e) => [e.batch, e.entries.map((x) => x.headers['x-who'])])).toEqual([
      [true, ['a', 'b']],
      [false, ['a']],
      [false, ['b']],
      [false, ['c']],
      [false, ['d']],
    ]);
  });

  it("fails the calls of a batch answered without the batch header by anything but a refusal (a proxy's 502): they are not sent again, and batches go on", async () => {
    const fixed = await fixedAnswer(502, { 'content-type': 'text/plain' }, 'bad gateway');
    closeServer = fixed.close;
    const url = fixed.url;
    const fetch = batchingFetcher(agent);
    const turn = () => Promise.allSettled(['a', 'b'].map((who) => fetch(url, call(who, { text: who }))));
    const first = await turn();
    expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(((first[0] as PromiseRejectedResult).reason as Error).message).toBe(
      'subgraph answered a batch 502 without taking it',
    );
    await turn();
    // Two turns, one exchange each: nothing sent again singly, and the second turn batched too.
    expect(fixed.exchanges).toBe(2);
  });

  it('tries a batch again once noBatchesRetryMs have passed after a refusal', async () => {
    const s = await server(false);
    closeServer = s.close;
    // Long enough for the first two turns to end within it on a busy machine.
    const fetch = batchingFetcher(agent, { noBatchesRetryMs: 600 });
    const turn = () => Promise.all(['a', 'b'].map((who) => fetch(s.url, call(who, { text: who }))));
    await turn();
    await turn();
    await new Promise((r) => setTimeout(r, 650));
    await turn();
    expect(s.exchanges.map((e) => e.batch)).toEqual([true, false, false, false, false, true, false, false]);
  });

  it('fails the calls still waiting when an answer line is not JSON, and keeps the answers given before it', async () => {
    const [first, second] = await twoCallsAnswered(
      `${JSON.stringify({ i: 0, status: 200, headers: {}, body: '{"ok":0}' })}\n{not json\n`,
    );
    expect(first.status).toBe('fulfilled');
    expect(await (first as PromiseFulfilledResult<FetcherResponse>).value.json()).toEqual({ ok: 0 });
    expect(second.status).toBe('rejected');
    expect((second as PromiseRejectedResult).reason).toBeInstanceOf(SyntaxError);
  });

  it('fails every call of a batch whose exchange failed (the subgraph gone)', async () => {
    const s = await server(true);
    await s.close();
    const fetch = batchingFetcher(agent);
    const results = await Promise.allSettled(['a', 'b'].map((who) => fetch(s.url, call(who, { text: who }))));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
