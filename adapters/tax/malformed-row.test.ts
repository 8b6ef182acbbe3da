import Database from 'better-sqlite3';
import { bulkCompanyUscc, loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import { startTaxMock, type TaxMockHandle } from '../../mocks/tax/server';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { createTaxAdapter, type TaxAdapter } from './index';
import { removeFile, tempSqlitePath } from './test-support';

/** Loads several companies in one batch; each slot is the status, null or the error's code. */
async function loadAll(adapter: TaxAdapter, usccs: string[]): Promise<unknown[]> {
  const ctx = newAdapterContext();
  return Promise.all(
    usccs.map((u) =>
      adapter.taxStatus(ctx, u).then(
        (s) => s && s.uscc,
        (e: DataLayerError) => [e.code, e.department, e.message],
      ),
    ),
  );
}

describe('tax adapter: rows that break the view contract', () => {
  let mock: TaxMockHandle;
  let adapter: TaxAdapter;
  const file = tempSqlitePath('malformed');

  beforeAll(async () => {
    mock = await startTaxMock({ world: loadWorld({ people: 50 }), sqlitePath: file, baseLatencyMs: 0 });
    // The test plays the bureau's careless batch job: it writes its own copy of the database.
    const db = new Database(file);
    db.prepare("UPDATE DJ_NSRXX SET DJRQ = '2017-02-30 00:00:00' WHERE NSRSBH = ?").run(GOLDEN.pharmacy);
    db.prepare("UPDATE DJ_NSRXX SET NSRZT_DM = '99' WHERE NSRSBH = ?").run(bulkCompanyUscc(0));
    db.prepare("UPDATE DJ_NSRXX SET ZGSWJ_DM = '13199990000' WHERE NSRSBH = ?").run(bulkCompanyUscc(1));
    db.prepare(
      "UPDATE SB_SBXX SET SSSQ = '202613' WHERE DJXH = (SELECT DJXH FROM DJ_NSRXX WHERE NSRSBH = ?)",
    ).run(bulkCompanyUscc(2));
    db.close();
    adapter = createTaxAdapter({ url: mock.url });
  });
  afterAll(async () => {
    await adapter.close();
    await mock.close();
    removeFile(file);
  });

  it('reports each malformed row as BAD_LEGACY_REPLY for its key alone, in one query', async () => {
    expect(
      await loadAll(adapter, [
        GOLDEN.restaurant,
        GOLDEN.pharmacy,
        bulkCompanyUscc(0),
        bulkCompanyUscc(1),
        bulkCompanyUscc(2),
      ]),
    ).toEqual([
      GOLDEN.restaurant,
      ['BAD_LEGACY_REPLY', 'tax', 'tax: V_GX_NSRZT.DJRQ is not a date: "2017-02-30 00:00:00"'],
      ['BAD_LEGACY_REPLY', 'tax', 'tax: V_GX_NSRZT.NSRZT has an unknown taxpayer status code: "99"'],
      [
        'BAD_LEGACY_REPLY',
        'tax',
        'tax: V_GX_NSRZT.SWJGMC is NULL: tax office code "13199990000" is not in the code table',
      ],
      ['BAD_LEGACY_REPLY', 'tax', 'tax: V_GX_NSRZT.ZJSBQ is not a tax period YYYYMM: "202613"'],
    ]);
    expect(adapter.operations.taxStatusByUscc.stats.calls).toBe(1);
  });

  it('reports two current registrations for one code as BAD_LEGACY_REPLY', async () => {
    const db = new Database(file);
    db.prepare(
      `INSERT INTO DJ_NSRXX (DJXH, NSRSBH, SHXYDM, NSRMC, DJRQ, ZGSWJ_DM, NSRZT_DM, YXBZ, LRRQ)
       SELECT DJXH + 1, NSRSBH, SHXYDM, NSRMC, DJRQ, ZGSWJ_DM, NSRZT_DM, YXBZ, LRRQ FROM DJ_NSRXX WHERE NSRSBH = ?`,
    ).run(bulkCompanyUscc(4));
    db.close();
    expect(await loadAll(adapter, [bulkCompanyUscc(4)])).toEqual([
      ['BAD_LEGACY_REPLY', 'tax', `tax: V_GX_NSRZT has 2 current registrations for ${bulkCompanyUscc(4)}`],
    ]);
  });
});
