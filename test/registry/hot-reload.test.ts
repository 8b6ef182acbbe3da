import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { logger } from '../../adapters/kit/logger';
import { COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { RegistrySupergraphSource } from '../../gateway/registry/registry-source';
import type { RunningGateway } from '../../gateway/server';
import { SqliteRegistryStore } from '../../registry/store/sqlite-store';
import { startStack, type GraphQLReply, type Stack } from '../helpers/stack';
import { runs, startLoad, type LoadStep } from './load-loop';
import {
  ADDED_FIELD_QUERY,
  bootstrap,
  healthChange,
  publish,
  rollback,
  servedBy,
  untilServed,
} from './registry-fixture';

/** Each gateway asks the store this often (ms); short, so the suite is quick. */
const POLL_MS = 50;
/** Concurrent clients sending the counter view while the supergraph changes (half through each gateway). */
const CLIENTS = 20;

const change = healthChange();
const errorCodes = (reply: GraphQLReply) => (reply.body.errors ?? []).map((e) => e.extensions?.code);

/**
 * Two gateways in one stack, each polling its own store object on one SQLite registry file, as
 * two instances on one host would. A third store object (the CLI's) commits versions: the
 * compatible change (health adds `Person.healthCertificates`), its rollback, a supergraph that
 * is not valid. Both gateways follow every version without a restart, under load, failing no
 * request, and converge (asserted through /ready, not by time).
 */
describe('gateways serving from the schema registry', () => {
  let tmp: string;
  let publisher: SqliteRegistryStore;
  const stores: SqliteRegistryStore[] = [];
  let stack: Stack;
  let gateways: RunningGateway[];
  let counterView: string;
  /** Where the test is (before or after the commit), named in a wrong reply's message. */
  let phase = 'start';
  const sourceOver = (file: string) => {
    const store = SqliteRegistryStore.open(file);
    stores.push(store);
    return new RegistrySupergraphSource(store, { pollMs: POLL_MS });
  };
  /** Half the clients send the counter view through each gateway; one more asks for the added field. */
  const loadSteps = (field: (reply: GraphQLReply) => string | Error): LoadStep[] => [
    ...Array.from({ length: CLIENTS }, (_, i) => ({
      gateway: gateways[i % 2]!,
      query: COUNTER_VIEW_QUERY,
      variables: COUNTER_VIEW_VARIABLES,
      judge: (reply: GraphQLReply) =>
        reply.status === 200 && JSON.stringify(reply.body) === counterView
          ? 'ok'
          : new Error(
              `counter view (${phase}): HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`,
            ),
    })),
    { gateway: gateways[0]!, query: ADDED_FIELD_QUERY, variables: COUNTER_VIEW_VARIABLES, judge: field },
  ];
  /** The added field's reply: `served` with its data, `refused` by validation (not in the schema), else wrong. */
  const fieldVerdict = (reply: GraphQLReply): string | Error => {
    const person = reply.body.data?.person as { healthCertificates?: unknown } | undefined;
    if (reply.status === 200 && !reply.body.errors && Array.isArray(person?.healthCertificates))
      return 'served';
    if (errorCodes(reply).join() === 'GRAPHQL_VALIDATION_FAILED') return 'refused';
    return new Error(`added field: HTTP ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  };
  const askField = async (gateway: RunningGateway) => {
    const res = await request(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-channel': 'counter', ...(await stack.authHeaders()) },
      body: JSON.stringify({ query: ADDED_FIELD_QUERY, variables: COUNTER_VIEW_VARIABLES }),
    });
    return fieldVerdict({ status: res.statusCode, body: (await res.body.json()) as GraphQLReply['body'] });
  };

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'owdl-hot-reload-'));
    const file = path.join(tmp, 'registry.sqlite');
    publisher = SqliteRegistryStore.open(file);
    await bootstrap(publisher, change.before, change.beforeSdl);
    // Two gateways, nine subgraphs and seven mocks share this one process (and CI's two cores with
    // other suites): a starved event loop, not the reload, would spend the default 5 s deadline.
    stack = await startStack({ supergraph: sourceOver(file), requestTimeoutMs: 15_000 });
    gateways = [stack.gateway, await stack.startGateway({ supergraph: sourceOver(file) })];
    const first = await stack.query(COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES);
    expect([first.status, first.body.errors]).toEqual([200, undefined]);
    counterView = JSON.stringify(first.body);
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    for (const s of [publisher, ...stores]) await s?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('serves the registry’s version 1 on both gateways, /ready naming its version and hash', async () => {
    const v1 = (await publisher.current())!;
    expect(await Promise.all(gateways.map(servedBy))).toEqual([
      { source: 'registry', version: 1, sdlHash: v1.sdlHash },
      { source: 'registry', version: 1, sdlHash: v1.sdlHash },
    ]);
    const reply = await stack.query(ADDED_FIELD_QUERY, COUNTER_VIEW_VARIABLES);
    expect(fieldVerdict(reply)).toBe('refused');
  });

  it('serves a compatible change without a restart while 21 clients load both gateways, failing no request', async () => {
    const info = jest.spyOn(logger, 'info');
    phase = 'before the change';
    const load = startLoad(stack, loadSteps(fieldVerdict));
    await load.more(CLIENTS * 2);
    const health = change.after.find((s) => s.name === 'health')!;
    phase = 'publishing version 2';
    const v2 = await publish(publisher, health, change.afterSdl);
    await untilServed(gateways, 2);
    phase = 'version 2 served';
    // The clients go on until the field was served, and a while after.
    while (!load.verdicts[CLIENTS]!.includes('served')) await load.more(1);
    await load.more(CLIENTS * 2);
    await load.stop();

    expect(load.failures).toEqual([]);
    expect(load.verdicts.slice(0, CLIENTS).every((v) => v.length > 0 && v.every((x) => x === 'ok'))).toBe(
      true,
    );
    // Refused until the gateway took version 2, served ever after.
    expect(runs(load.verdicts[CLIENTS]!)).toEqual(['refused', 'served']);
    expect(await Promise.all(gateways.map(askField))).toEqual(['served', 'served']);
    expect((await Promise.all(gateways.map(servedBy))).map((s) => [s.version, s.sdlHash])).toEqual([
      [2, v2.sdlHash],
      [2, v2.sdlHash],
    ]);
    // Each gateway logged the change and planned the registered operations again for it.
    const logged = (message: string) => info.mock.calls.filter((c) => c[1] === message).map((c) => c[0]);
    expect(logged('supergraph updated')).toEqual([
      expect.objectContaining({
        version: 2,
        sdlHash: v2.sdlHash,
        previous: expect.objectContaining({ version: 1 }),
      }),
      expect.objectContaining({
        version: 2,
        sdlHash: v2.sdlHash,
        previous: expect.objectContaining({ version: 1 }),
      }),
    ]);
    while (logged('query plans of the registered operations warmed').length < 2)
      await new Promise((r) => setTimeout(r, 10));
    expect(logged('query plans of the registered operations warmed')).toEqual([
      expect.objectContaining({ why: 'supergraph updated', version: 2 }),
      expect.objectContaining({ why: 'supergraph updated', version: 2 }),
    ]);
    const metrics = await (await request(new URL('/metrics', gateways[0]!.url))).body.text();
    expect(metrics).toMatch(/^owdl_gateway_supergraph_version 2$/m);
    info.mockRestore();
  }, 120_000);

  it('rolls back the same way: a new version with version 1’s content, the field gone, no counter view failing', async () => {
    const load = startLoad(stack, loadSteps(fieldVerdict));
    await load.more(CLIENTS * 2);
    phase = 'rolling back';
    const v3 = await rollback(publisher, 1);
    expect([v3.version, v3.restores, v3.sdlHash]).toEqual([3, 1, (await publisher.supergraph(1))!.sdlHash]);
    await untilServed(gateways, 3);
    phase = 'version 3 served';
    while (!load.verdicts[CLIENTS]!.includes('refused')) await load.more(1);
    await load.more(CLIENTS * 2);
    await load.stop();

    expect(load.failures).toEqual([]);
    expect(load.verdicts.slice(0, CLIENTS).every((v) => v.length > 0 && v.every((x) => x === 'ok'))).toBe(
      true,
    );
    expect(runs(load.verdicts[CLIENTS]!)).toEqual(['served', 'refused']);
    expect(await Promise.all(gateways.map(askField))).toEqual(['refused', 'refused']);
    expect((await Promise.all(gateways.map(servedBy))).map((s) => [s.version, s.sdlHash])).toEqual([
      [3, v3.sdlHash],
      [3, v3.sdlHash],
    ]);
  }, 120_000);

  it('keeps serving its version when the committed supergraph is not valid, then takes the next valid one', async () => {
    const errors = jest.spyOn(logger, 'error');
    const refusals = () =>
      errors.mock.calls
        .filter((c) => String(c[1]).startsWith('refused a supergraph version'))
        .map((c) => c[0]);
    const current = (await publisher.current())!;
    const bad = await publisher.commit({
      expectedCurrent: current.version,
      add: [],
      keep: current.members,
      supergraphSdl: 'type Query { broken: Int }',
      action: 'publish',
      by: 'test',
    });
    expect(bad.version).toBe(4);
    while (refusals().length < 2) await new Promise((r) => setTimeout(r, 10));
    expect(refusals()).toEqual([
      expect.objectContaining({ version: 4, serving: 3 }),
      expect.objectContaining({ version: 4, serving: 3 }),
    ]);
    expect((await Promise.all(gateways.map(servedBy))).map((s) => s.version)).toEqual([3, 3]);
    const reply = await stack.query(COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES);
    expect(JSON.stringify(reply.body)).toBe(counterView);

    const health = change.after.find((s) => s.name === 'health')!;
    await publish(publisher, health, change.afterSdl);
    await untilServed(gateways, 5);
    expect(await Promise.all(gateways.map(askField))).toEqual(['served', 'served']);
    errors.mockRestore();
  }, 60_000);
});
