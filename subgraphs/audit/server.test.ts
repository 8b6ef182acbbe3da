import { buildApollo } from '../kit/subgraph';
import { defaultPolicy } from '../../trust/policy/policy';
import type { AuditStore } from '../../trust/audit/record';
import { buildAuditSubgraph } from './server';
import { contextFor, FakeAuditStore, TRACE } from './test-support';

const TRACE_QUERY = `{ requestTrace(traceId: "${TRACE.counter}") { subjects } }`;

async function run(def: ReturnType<typeof buildAuditSubgraph>) {
  const apollo = buildApollo(def, { policy: defaultPolicy(), audit: new FakeAuditStore() });
  await apollo.start();
  try {
    const res = await apollo.executeOperation(
      { query: TRACE_QUERY },
      { contextValue: contextFor('AUDITOR', { id: 'auditor-7' }) },
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    return res.body.singleResult;
  } finally {
    await apollo.stop();
  }
}

describe('buildAuditSubgraph', () => {
  it('is the `audit` subgraph and touches no store until asked', () => {
    const open = jest.fn<Promise<AuditStore>, []>();
    const def = buildAuditSubgraph({ store: open });
    expect(def.name).toBe('audit');
    expect(open).not.toHaveBeenCalled();
  });

  it('opens the store once, on first use, and closes the store it opened', async () => {
    const store = new FakeAuditStore();
    const open = jest.fn(async () => store);
    const def = buildAuditSubgraph({ store: open });
    await Promise.all([def.store(), def.store()]);
    expect(await def.ready!()).toBe(true);
    expect(open).toHaveBeenCalledTimes(1);
    await def.close!();
    expect(store.closed).toBe(true);
  });

  it('leaves a store handed in open: it belongs to whoever made it', async () => {
    const store = new FakeAuditStore();
    const def = buildAuditSubgraph({ store });
    expect(await def.ready!()).toBe(true);
    await def.close!();
    expect(store.closed).toBe(false);
  });

  it('is not ready while the store cannot answer a query', async () => {
    const store = new FakeAuditStore();
    store.failQueries = true;
    await expect(buildAuditSubgraph({ store }).ready!()).rejects.toThrow('connection refused');
  });

  it('answers AUDIT_UNAVAILABLE, without the cause, while the store cannot be opened, and tries again next time', async () => {
    const store = new FakeAuditStore();
    const open = jest
      .fn<Promise<AuditStore>, []>()
      .mockRejectedValueOnce(new Error('ECONNREFUSED 10.0.0.5:5432'))
      .mockResolvedValue(store);
    const def = buildAuditSubgraph({ store: open });
    expect(await run(def)).toEqual({
      data: { requestTrace: null },
      errors: [
        {
          message:
            'audit: The audit trail could not record this read, so the data was not returned (fail closed); nothing was lost, retry later.',
          locations: [{ line: 1, column: 3 }],
          path: ['requestTrace'],
          extensions: { code: 'AUDIT_UNAVAILABLE', department: 'audit' },
        },
      ],
    });
    expect(await run(def)).toEqual({ data: { requestTrace: null } });
    expect(open).toHaveBeenCalledTimes(2);
    expect(store.ownRecords()).toHaveLength(1);
  });
});
