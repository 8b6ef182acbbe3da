import type { SqlSession } from './sql-session';
import { SqliteStore } from './sqlite-store';

/** The store with its transaction opened up for the test. */
class OpenStore extends SqliteStore {
  run<T>(fn: (tx: SqlSession) => Promise<T>): Promise<T> {
    return this.transaction(fn);
  }
  read(sql: string): Promise<{ n: number }[]> {
    return this.session.query<{ n: number }>(sql);
  }
}

describe('SqliteStore', () => {
  it('never lets a read see the rows of a transaction still open on its one connection', async () => {
    const store = new OpenStore({ path: ':memory:', migrations: [] });
    await store.run(async (tx) => tx.exec('CREATE TABLE t (n INTEGER)'));
    let release!: () => void;
    const writing = store.run(async (tx) => {
      await tx.query('INSERT INTO t (n) VALUES (?)', [1]);
      await new Promise<void>((r) => (release = r)); // the transaction waits, as one waiting on a legacy call would
      throw new Error('rolled back');
    });
    await new Promise((r) => setImmediate(r));
    const read = store.read('SELECT count(*) AS n FROM t');
    release();
    await expect(writing).rejects.toThrow('rolled back');
    expect(await read).toEqual([{ n: 0 }]);
    await store.close();
  });
});
