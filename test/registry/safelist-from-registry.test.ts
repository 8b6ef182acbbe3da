import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { logger } from '../../adapters/kit/logger';
import { COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { RegistrySupergraphSource } from '../../gateway/registry/registry-source';
import { operationId, type PersistedOperation } from '../../gateway/limits/safelist';
import { SqliteRegistryStore } from '../../registry/store/sqlite-store';
import { GOLDEN } from '../../mocks/data/golden';
import { startStack, type GraphQLReply, type Stack } from '../helpers/stack';
import { bootstrap, healthChange } from './registry-fixture';

const query = (name: string, body: string): PersistedOperation => ({
  id: operationId(body),
  name,
  type: 'query',
  body,
});
const COUNTER_VIEW = query('CounterView', COUNTER_VIEW_QUERY);
const WHO = query('Who', 'query Who($id: ID!) { person(id: $id) { id name } }');
const CATALOGUE = query('Catalogue', 'query Catalogue { departments { code } }');

const code = (reply: GraphQLReply) => reply.body.errors?.[0]?.extensions?.code;

/**
 * Safelist mode with the registry as the source of the safelist: the channel apps' registered
 * operations (not the manifests in gateway/persisted-operations) are what runs, and a new
 * registration is served after the next poll, without a restart. The operations served are added
 * to the registry's usage sums.
 */
describe('a gateway in safelist mode taking its safelist from the schema registry', () => {
  let tmp: string;
  let publisher: SqliteRegistryStore;
  let gatewayStore: SqliteRegistryStore;
  let stack: Stack;
  const startedAt = new Date().toISOString();
  /** Replies to Who that ran (what the usage sums must add up to). */
  let whoServed = 0;

  /** Sends a body as the counter console does, e.g. a registered operation's id instead of its text. */
  const send = async (body: Record<string, unknown>): Promise<GraphQLReply> => {
    const res = await request(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'counter', ...(await stack.authHeaders()) },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, body: (await res.body.json()) as GraphQLReply['body'] };
  };

  /** Sends `op` from the counter until the gateway answers otherwise than OPERATION_NOT_PERSISTED. */
  const untilPersisted = async (op: PersistedOperation, variables?: Record<string, unknown>) => {
    for (;;) {
      const reply = await stack.query(op.body, variables);
      if (code(reply) !== 'OPERATION_NOT_PERSISTED') return reply;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'owdl-registry-safelist-'));
    const file = path.join(tmp, 'registry.sqlite');
    publisher = SqliteRegistryStore.open(file);
    const { after, afterSdl } = healthChange();
    await bootstrap(publisher, after, afterSdl);
    await publisher.registerOperations('counter', [COUNTER_VIEW], 'counter-team');
    gatewayStore = SqliteRegistryStore.open(file);
    stack = await startStack({
      supergraph: new RegistrySupergraphSource(gatewayStore, { pollMs: 50 }),
      gatewayEnv: { GATEWAY_SAFELIST: 'on' },
      usageFlushMs: 100,
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await publisher?.close();
    await gatewayStore?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('runs the operations registered in the registry and refuses the rest, the manifests’ included', async () => {
    const view = await stack.query(COUNTER_VIEW.body, COUNTER_VIEW_VARIABLES);
    expect([view.status, view.body.errors]).toEqual([200, undefined]);
    const who = await stack.query(WHO.body, { id: GOLDEN.zhangWei });
    expect([who.status, code(who)]).toEqual([400, 'OPERATION_NOT_PERSISTED']);
    // TransitionCase is in gateway/persisted-operations/counter.json, but not in the registry.
    const manifest = JSON.parse(
      readFileSync(path.resolve(__dirname, '../../gateway/persisted-operations/counter.json'), 'utf8'),
    ) as { operations: PersistedOperation[] };
    const transition = manifest.operations.find((o) => o.name === 'TransitionCase')!;
    const manifestOnly = await send({ id: transition.id, variables: { id: 'C1', to: 'ACCEPTED' } });
    expect([manifestOnly.status, code(manifestOnly)]).toEqual([400, 'OPERATION_NOT_PERSISTED']);
  });

  it('runs a newly registered operation after the reload, by text and by id; the unregistered stay refused', async () => {
    const info = jest.spyOn(logger, 'info');
    await publisher.registerOperations('counter', [COUNTER_VIEW, WHO], 'counter-team');
    const answer = { status: 200, body: { data: { person: { id: GOLDEN.zhangWei, name: '张伟' } } } };
    expect(await untilPersisted(WHO, { id: GOLDEN.zhangWei })).toEqual(answer);
    expect(await send({ id: WHO.id, variables: { id: GOLDEN.zhangWei } })).toEqual(answer);
    whoServed += 2;
    const reply = await stack.query(CATALOGUE.body);
    expect([reply.status, code(reply)]).toEqual([400, 'OPERATION_NOT_PERSISTED']);
    // Registered for the counter only: the portal may not run it.
    const portal = await stack.query(WHO.body, { id: GOLDEN.zhangWei }, 'portal');
    expect(code(portal)).toBe('OPERATION_NOT_PERSISTED');
    while (!info.mock.calls.some((c) => (c[0] as { why?: string })?.why === 'registered operations changed'))
      await new Promise((r) => setTimeout(r, 10));
    expect(
      info.mock.calls.find((c) => (c[0] as { why?: string })?.why === 'registered operations changed')![0],
    ).toEqual(expect.objectContaining({ warmed: 2 }));
    info.mockRestore();
  });

  it('refuses an operation again once the channel’s next registration leaves it out', async () => {
    await publisher.registerOperations('counter', [COUNTER_VIEW], 'counter-team');
    for (;;) {
      const reply = await stack.query(WHO.body, { id: GOLDEN.zhangWei });
      if (code(reply) === 'OPERATION_NOT_PERSISTED') break;
      expect(reply.body.errors).toBeUndefined();
      whoServed++;
      await new Promise((r) => setTimeout(r, 20));
    }
    const view = await stack.query(COUNTER_VIEW.body, COUNTER_VIEW_VARIABLES);
    expect([view.status, view.body.errors]).toEqual([200, undefined]);
  });

  it('adds the operations it served to the registry’s usage sums, per client', async () => {
    const whoCount = async () =>
      (await publisher.usedOperations(startedAt)).find((u) => u.name === 'Who')?.count ?? 0;
    // The gateway flushes every 100 ms: wait for the sums to catch up with what ran.
    while ((await whoCount()) < whoServed) await new Promise((r) => setTimeout(r, 20));
    const usage = await publisher.usedOperations(startedAt);
    expect(usage.find((u) => u.name === 'Who')).toEqual(
      expect.objectContaining({ id: WHO.id, body: WHO.body, client: 'counter', count: whoServed }),
    );
    expect(usage.find((u) => u.name === 'CounterView')).toEqual(
      expect.objectContaining({ id: COUNTER_VIEW.id, client: 'counter' }),
    );
    // Refused operations never resolved: they are not counted.
    expect(usage.map((u) => u.name)).not.toContain('Catalogue');
  });
});
