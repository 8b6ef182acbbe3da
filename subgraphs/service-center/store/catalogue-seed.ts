import type { Catalogue, MatterAudience } from '../catalogue/catalogue';
import { marks, type SqlSession } from './sql-session';

/** What a start did with the catalogue files. */
export type CatalogueSeedResult = 'loaded' | 'unchanged';

const SEED_NAME = 'catalogue';
// Rows per multi-row INSERT: far below both engines' parameter limits, few round trips.
const ROWS_PER_STATEMENT = 100;

/** The matters table predates the catalogue file and says ANY where the file says BOTH. */
export function storedAudience(audience: MatterAudience): string {
  return audience === 'BOTH' ? 'ANY' : audience;
}

async function insertRows(
  tx: SqlSession,
  head: string,
  columns: number,
  rows: readonly unknown[][],
  tail = '',
): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const values = chunk.map(() => `(${marks(columns)})`).join(',\n  ');
    await tx.query(`${head} VALUES\n  ${values}${tail}`, chunk.flat());
  }
}

/**
 * Brings the catalogue tables to the files' content, inside the migration transaction. Keyed by the
 * files' checksum: unchanged files write nothing; changed files update every matter in place (cases
 * keep pointing at theirs), replace channels, materials and industries, and mark matters no longer
 * in the file as out of the catalogue rather than deleting rows that cases refer to.
 */
export async function seedCatalogue(tx: SqlSession, catalogue: Catalogue): Promise<CatalogueSeedResult> {
  const [seeded] = await tx.query<{ checksum: string }>(
    'SELECT checksum FROM catalogue_seeds WHERE name = ?',
    [SEED_NAME],
  );
  if (seeded?.checksum === catalogue.checksum) return 'unchanged';

  await tx.query('DELETE FROM industry_components');
  await tx.query('DELETE FROM industries');
  await tx.query('DELETE FROM matter_channels');
  await tx.query('DELETE FROM matter_materials');
  await tx.query('UPDATE matters SET in_catalogue = 0');
  await insertRows(
    tx,
    `INSERT INTO matters (code, name, name_en, department_code, applicant_kind, promised_days, legal_days,
  category, issues_certificate_type, issues_title, issues_validity_years, position, in_catalogue)`,
    13,
    catalogue.matters.map((m, i) => [
      m.code,
      m.name,
      m.nameEn,
      m.departmentCode,
      storedAudience(m.audience),
      m.promisedTimeLimitDays,
      m.legalTimeLimitDays,
      m.category,
      m.issues?.certificateType ?? null,
      m.issues?.title ?? null,
      m.issues?.validityYears ?? null,
      i + 1,
      1,
    ]),
    `
ON CONFLICT (code) DO UPDATE SET name = excluded.name, name_en = excluded.name_en,
  department_code = excluded.department_code, applicant_kind = excluded.applicant_kind,
  promised_days = excluded.promised_days, legal_days = excluded.legal_days, category = excluded.category,
  issues_certificate_type = excluded.issues_certificate_type, issues_title = excluded.issues_title,
  issues_validity_years = excluded.issues_validity_years, position = excluded.position,
  in_catalogue = excluded.in_catalogue`,
  );
  await insertRows(
    tx,
    'INSERT INTO matter_channels (matter_code, channel)',
    2,
    catalogue.matters.flatMap((m) => m.channels.map((c) => [m.code, c])),
  );
  await insertRows(
    tx,
    'INSERT INTO matter_materials (matter_code, position, code, name, kind, certificate_type, required)',
    7,
    catalogue.matters.flatMap((m) =>
      m.materials.map((x, i) => [
        m.code,
        i + 1,
        x.code,
        x.name,
        x.kind,
        x.certificateType,
        x.required ? 1 : 0,
      ]),
    ),
  );
  await insertRows(
    tx,
    'INSERT INTO industries (code, name, name_en, matter_code, position)',
    5,
    catalogue.industries.map((d, i) => [d.code, d.name, d.nameEn, d.matterCode, i + 1]),
  );
  await insertRows(
    tx,
    'INSERT INTO industry_components (industry_code, position, certificate_type, name, department_code)',
    5,
    catalogue.industries.flatMap((d) =>
      d.components.map((c, i) => [d.code, i + 1, c.certificateType, c.name, c.departmentCode]),
    ),
  );
  const row = [
    catalogue.checksum,
    catalogue.matters.length,
    catalogue.industries.length,
    new Date().toISOString(),
  ];
  if (seeded)
    await tx.query(
      'UPDATE catalogue_seeds SET checksum = ?, matters = ?, industries = ?, applied_at = ? WHERE name = ?',
      [...row, SEED_NAME],
    );
  else
    await tx.query(
      'INSERT INTO catalogue_seeds (checksum, matters, industries, applied_at, name) VALUES (?, ?, ?, ?, ?)',
      [...row, SEED_NAME],
    );
  return 'loaded';
}
