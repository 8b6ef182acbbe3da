import { badReply } from './errors';
import { STATUS_COLUMNS, toTaxStatus } from './mapping';
import type { TaxStatus } from './model';
import type { SqlReader } from './sql-reader';

/** One slot per USCC: the status, null (not registered with the bureau) or the Error of that row alone. */
export type StatusSlot = TaxStatus | null | Error;

/**
 * The bureau's published taxpayer status view, read in batches: one parameterised
 * `SELECT ... FROM V_GX_NSRZT WHERE NSRSBH IN (?, ...)` for all keys (NSRSBH is the USCC
 * for every company since the 2015 licence merger).
 */
export class TaxClient {
  constructor(readonly reader: SqlReader) {}

  async statusByUscc(usccs: readonly string[]): Promise<StatusSlot[]> {
    if (usccs.length === 0) return [];
    const sql = `SELECT ${STATUS_COLUMNS.join(', ')} FROM V_GX_NSRZT WHERE NSRSBH IN (${usccs.map(() => '?').join(', ')})`;
    const rows = await this.reader.query(sql, usccs);
    const byKey = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = typeof row.NSRSBH === 'string' ? row.NSRSBH.trim().toUpperCase() : '';
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    return usccs.map((uscc) => {
      const found = byKey.get(uscc) ?? [];
      if (found.length === 0) return null;
      if (found.length > 1)
        return badReply(`V_GX_NSRZT has ${found.length} current registrations for ${uscc}`);
      try {
        return toTaxStatus(uscc, found[0]!);
      } catch (e) {
        return e as Error;
      }
    });
  }

  /** Can the view be read at all? */
  async ping(): Promise<void> {
    await this.reader.query('SELECT NSRSBH FROM V_GX_NSRZT WHERE NSRSBH = ?', ['']);
  }

  close(): Promise<void> {
    return this.reader.close();
  }
}
