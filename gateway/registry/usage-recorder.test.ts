import type { GraphQLRequestContextExecutionDidStart } from '@apollo/server';
import { logger } from '../../adapters/kit/logger';
import type { UsageSample } from '../../registry/model';
import type { GatewayContext } from '../context';
import { operationId } from '../limits/safelist';
import { UsageRecorder } from './usage-recorder';

const VIEW = 'query View { person(id: "1") { name } }';
const LIST = 'query List { matters { code } }';
const AT = '2026-11-26T08:00:00.000Z';

/** A sink whose writes can be made to fail, recording what it was given. */
function sink() {
  const written: UsageSample[][] = [];
  let failures = 0;
  return {
    written,
    failNext(n: number) {
      failures = n;
    },
    async recordUsage(samples: UsageSample[]) {
      if (failures > 0) {
        failures--;
        throw new Error('connection refused');
      }
      written.push(samples);
    },
  };
}

/** Runs the plugin's didResolveOperation for one request, as Apollo Server would. */
async function started(
  recorder: UsageRecorder,
  query: string,
  operationName: string | undefined,
  contextValue: Partial<GatewayContext>,
) {
  const hooks = await recorder.plugin().requestDidStart!({} as never);
  await hooks!.executionDidStart!({
    request: { query },
    source: query,
    operationName,
    contextValue,
  } as unknown as GraphQLRequestContextExecutionDidStart<GatewayContext>);
}

describe('UsageRecorder', () => {
  const recorders: UsageRecorder[] = [];
  const make = (s: ReturnType<typeof sink>, maxKeys?: number) => {
    const r = new UsageRecorder(s, { flushMs: 3_600_000, maxKeys, now: () => new Date(AT) });
    recorders.push(r);
    return r;
  };
  afterEach(async () => {
    for (const r of recorders.splice(0)) await r.close().catch(() => undefined);
  });

  it('counts each operation per client: the channel, or a service token’s client id', async () => {
    const s = sink();
    const r = make(s);
    const officer = { channel: 'counter', trust: { actor: { role: 'OFFICER', id: 'w-1' } } } as never;
    const terminal = {
      channel: 'terminal',
      trust: { actor: { role: 'SERVICE', id: 'svc', client: 'terminal-putuo-03' } },
    } as never;
    await started(r, VIEW, 'View', officer);
    await started(r, VIEW, 'View', officer);
    await started(r, VIEW, 'View', terminal);
    await started(r, LIST, undefined, officer);
    await r.flush();
    expect(s.written).toEqual([
      [
        { id: operationId(VIEW), name: 'View', body: VIEW, client: 'counter', count: 2, at: AT },
        { id: operationId(VIEW), name: 'View', body: VIEW, client: 'terminal-putuo-03', count: 1, at: AT },
        { id: operationId(LIST), name: null, body: LIST, client: 'counter', count: 1, at: AT },
      ],
    ]);
    // Flushed counts are not written twice.
    await r.flush();
    expect(s.written).toHaveLength(1);
  });

  it('keeps the counts of a failed flush and adds them to the next one', async () => {
    const s = sink();
    const r = make(s);
    const use = { id: operationId(VIEW), name: 'View', body: VIEW, client: 'portal' };
    r.count(use);
    r.count(use);
    s.failNext(1);
    await r.flush();
    expect([s.written, r.pending().map((p) => p.count)]).toEqual([[], [2]]);
    r.count(use);
    await r.flush();
    expect(s.written).toEqual([[{ ...use, count: 3, at: AT }]]);
    expect(r.pending()).toEqual([]);
  });

  it('holds at most maxKeys distinct pairs and logs how many uses it dropped', async () => {
    const s = sink();
    const r = make(s, 2);
    const warn = jest.spyOn(logger, 'warn');
    for (const client of ['counter', 'portal', 'app', 'terminal'])
      r.count({ id: operationId(VIEW), name: 'View', body: VIEW, client });
    r.count({ id: operationId(VIEW), name: 'View', body: VIEW, client: 'counter' });
    await r.flush();
    expect(s.written.map((w) => w.map((x) => [x.client, x.count]))).toEqual([
      [
        ['counter', 2],
        ['portal', 1],
      ],
    ]);
    expect(warn).toHaveBeenCalledWith(
      { dropped: 2, maxKeys: 2 },
      'operation usage dropped: too many distinct operations between flushes',
    );
    warn.mockRestore();
  });

  it('flushes what is left on close', async () => {
    const s = sink();
    const r = new UsageRecorder(s, { flushMs: 3_600_000, now: () => new Date(AT) });
    r.count({ id: operationId(LIST), name: 'List', body: LIST, client: 'app' });
    await r.close();
    expect(s.written).toEqual([
      [{ id: operationId(LIST), name: 'List', body: LIST, client: 'app', count: 1, at: AT }],
    ]);
  });

  it('flushes on its own every flushMs', async () => {
    const s = sink();
    const r = new UsageRecorder(s, { flushMs: 10, now: () => new Date(AT) });
    recorders.push(r);
    r.count({ id: operationId(LIST), name: 'List', body: LIST, client: 'app' });
    while (s.written.length === 0) await new Promise((done) => setTimeout(done, 5));
    expect(s.written).toEqual([
      [{ id: operationId(LIST), name: 'List', body: LIST, client: 'app', count: 1, at: AT }],
    ]);
  });

  it('checks its options at construction', () => {
    expect(() => new UsageRecorder(sink(), { flushMs: 0 })).toThrow(
      'flushMs must be a whole number of ms, at least 1: 0',
    );
    expect(() => new UsageRecorder(sink(), { maxKeys: 0 })).toThrow(
      'maxKeys must be a whole number, at least 1: 0',
    );
  });
});
