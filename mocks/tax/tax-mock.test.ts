import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import { errPacket, frame, PacketFramer, readsFrom, type Packet } from './mysql-packets';
import { startTaxMock } from './server';

describe('tax mock: seeding the SQLite database', () => {
  const file = path.join(os.tmpdir(), 'one-window', `tax-mock-${process.pid}.sqlite`);
  afterAll(() => fs.rmSync(file, { force: true }));

  it('re-seeds idempotently: the second start drops and re-creates the same rows', async () => {
    const world = loadWorld({ people: 50 });
    const counts = async () => {
      const mock = await startTaxMock({ world, sqlitePath: file });
      const db = new Database(file, { readonly: true });
      const n = ['DJ_NSRXX', 'XY_PJJG', 'SB_SBXX', 'SB_QSXX', 'V_GX_NSRZT'].map(
        (t) => (db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n,
      );
      db.close();
      await mock.close();
      return n;
    };
    const first = await counts();
    expect(await counts()).toEqual(first);
    const n = world.world.tax.length;
    // Arrears rows: whole thousands as VAT and the rest as surtax, plus the restaurant's cleared item.
    const arrearsRows = world.world.tax.reduce(
      (k, t) => k + Number(t.arrears >= 1000) + Number(t.arrears % 1000 > 0),
      1,
    );
    // The register holds one superseded row besides the current ones (the supermarket's pre-2015 id).
    expect(first).toEqual([n + 1, n * 2, n * 3, arrearsRows, n]);
  });

  it('stores codes, not values, and publishes the supermarket arrears as the sum of its open items', async () => {
    const mock = await startTaxMock({ world: loadWorld({ people: 50 }), sqlitePath: file });
    const db = new Database(file, { readonly: true });
    const row = db
      .prepare('SELECT NSRZT, SWJG_DM, QSJE, ZJSBQ, XYDJ, PJND FROM V_GX_NSRZT WHERE NSRSBH = ?')
      .get(GOLDEN.supermarket);
    const items = db
      .prepare(
        'SELECT ZSXM_DM, QSJE, JQBZ FROM SB_QSXX q JOIN DJ_NSRXX n ON n.DJXH = q.DJXH WHERE n.NSRSBH = ? ORDER BY QSXH',
      )
      .all(GOLDEN.supermarket);
    db.close();
    await mock.close();
    expect(row).toEqual({
      NSRZT: '03',
      SWJG_DM: '13101070000',
      QSJE: 1280.5,
      ZJSBQ: '202609',
      XYDJ: 'B',
      PJND: 2025,
    });
    expect(items).toEqual([
      { ZSXM_DM: '10101', QSJE: 1000, JQBZ: 'N' },
      { ZSXM_DM: '10109', QSJE: 280.5, JQBZ: 'N' },
    ]);
  });
});

describe('tax mock: MySQL packet framing', () => {
  it('reassembles packets split at every byte boundary', () => {
    const stream = Buffer.concat([
      frame(0, Buffer.from([0x03, ...Buffer.from('SELECT 1')])),
      frame(0, Buffer.alloc(0)),
      frame(3, Buffer.from('abc')),
    ]);
    for (let cut = 1; cut < stream.length; cut++) {
      const got: Packet[] = [];
      const framer = new PacketFramer((p) => got.push(p));
      framer.push(stream.subarray(0, cut));
      framer.push(stream.subarray(cut));
      expect(got.map((p) => [p.seq, p.payload.toString('latin1')])).toEqual([
        [0, '\x03SELECT 1'],
        [0, ''],
        [3, 'abc'],
      ]);
      expect(Buffer.concat(got.map((p) => p.raw))).toEqual(stream);
    }
  });

  it('writes ERR packets with the 4.1 SQLSTATE marker', () => {
    expect(errPacket(1030, 'HY000', 'x').toString('hex')).toBe(
      '0a000001' + 'ff0604' + Buffer.from('#HY000x').toString('hex'),
    );
  });

  it('names an operation after the view a statement reads', () => {
    expect(readsFrom('SELECT NSRSBH FROM V_GX_NSRZT WHERE NSRSBH IN (?, ?)')).toBe('V_GX_NSRZT');
    expect(readsFrom('select 1')).toBeUndefined();
  });
});
