import mysql from 'mysql2/promise';
import type { WorldIndex } from '../data/world';
import type { Row } from './rows';
import { buildRows, COLUMNS, rowCount } from './rows';
import { schemaStatements, TABLES } from './schema';
import type { SeedProgress } from './sqlite-store';

/** Rows per multi-row INSERT: large enough to be quick, well under max_allowed_packet. */
const CHUNK = 500;

/**
 * Creates (or re-creates) the bureau's tables and views in the database named by `url`
 * (e.g. mysql://root@127.0.0.1:3306/test) and seeds them from the world in one transaction.
 * DDL commits implicitly in MariaDB, so it runs before the transaction.
 */
export async function seedMariadb(url: string, world: WorldIndex, onProgress?: SeedProgress): Promise<void> {
  const conn = await mysql.createConnection({ uri: url, charset: 'utf8mb4', multipleStatements: false });
  try {
    for (const sql of schemaStatements('mariadb')) await conn.query(sql);
    const rows = buildRows(world);
    const total = rowCount(rows);
    let done = 0;
    await conn.beginTransaction();
    try {
      for (const table of TABLES) {
        const all = rows[table];
        for (let i = 0; i < all.length; i += CHUNK) {
          const chunk: Row[] = all.slice(i, i + CHUNK);
          await conn.query(`INSERT INTO ${table} (${COLUMNS[table].join(', ')}) VALUES ?`, [chunk]);
          done += chunk.length;
          onProgress?.(done, total);
        }
      }
      await conn.commit();
    } catch (e) {
      await conn.rollback().catch(() => undefined);
      throw e;
    }
  } finally {
    await conn.end();
  }
}
