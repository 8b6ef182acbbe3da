import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES } from '../../gateway/first-query';
import { RegistrySupergraphSource } from '../../gateway/registry/registry-source';
import type { RunningGateway } from '../../gateway/server';
import type { RegistryStore } from '../../registry/model';
import { openPostgresRegistryStore } from '../../registry/store/postgres-store';
import { startStack, type Stack } from '../helpers/stack';
import { bootstrap, healthChange, publish, rollback, servedBy, untilServed } from './registry-fixture';

const { DATABASE_URL } = process.env;
if (!DATABASE_URL) throw new Error('the PostgreSQL registry suite needs DATABASE_URL (see .ci/run)');

/**
 * Two gateways, each polling its own PostgreSQL store object (its own pool, as on two machines),
 * converge on every version a third store object commits: a publish and a rollback. Versions are
 * asserted through /ready, not by time.
 */
describe('two gateways on one PostgreSQL schema registry', () => {
  const schema = `registry_hot_${randomBytes(4).toString('hex')}`;
  const stores: RegistryStore[] = [];
  let publisher: RegistryStore;
  let stack: Stack;
  let gateways: RunningGateway[];
  const change = healthChange();
  const open = async () => {
    const store = await openPostgresRegistryStore(DATABASE_URL, schema);
    stores.push(store);
    return store;
  };

  beforeAll(async () => {
    publisher = await open();
    await bootstrap(publisher, change.before, change.beforeSdl);
    stack = await startStack({
      supergraph: new RegistrySupergraphSource(await open(), { pollMs: 100 }),
      requestTimeoutMs: 15_000,
    });
    gateways = [
      stack.gateway,
      await stack.startGateway({ supergraph: new RegistrySupergraphSource(await open(), { pollMs: 100 }) }),
    ];
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    for (const s of stores) await s.close();
    const pool = new Pool({ connectionString: DATABASE_URL });
    await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pool.end();
  });

  it('serves version 1 from PostgreSQL on both gateways', async () => {
    const v1 = (await publisher.current())!;
    expect(await Promise.all(gateways.map(servedBy))).toEqual([
      { source: 'registry', version: 1, sdlHash: v1.sdlHash },
      { source: 'registry', version: 1, sdlHash: v1.sdlHash },
    ]);
  });

  it('converges both gateways on a publish, then on a rollback, answering the counter view throughout', async () => {
    const health = change.after.find((s) => s.name === 'health')!;
    const v2 = await publish(publisher, health, change.afterSdl);
    await untilServed(gateways, 2);
    expect((await Promise.all(gateways.map(servedBy))).map((s) => s.sdlHash)).toEqual([
      v2.sdlHash,
      v2.sdlHash,
    ]);
    const v3 = await rollback(publisher, 1);
    await untilServed(gateways, 3);
    expect((await Promise.all(gateways.map(servedBy))).map((s) => s.sdlHash)).toEqual([
      v3.sdlHash,
      v3.sdlHash,
    ]);
    const reply = await stack.query(COUNTER_VIEW_QUERY, COUNTER_VIEW_VARIABLES);
    expect([reply.status, reply.body.errors]).toEqual([200, undefined]);
  }, 60_000);
});
