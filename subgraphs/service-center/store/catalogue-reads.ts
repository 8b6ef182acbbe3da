import type { IndustryRecord, MaterialKind, MatterAudience, MatterRecord } from '../catalogue/catalogue';
import type { CaseChannel } from '../model';
import { marks, type SqlSession } from './sql-session';

/** Narrows the catalogue list; absent fields do not filter. */
export interface MatterFilter {
  departmentCode?: string;
  channel?: CaseChannel;
  /** PERSON: matters a person may apply for (PERSON or BOTH); COMPANY likewise; BOTH: only those open to both. */
  audience?: MatterAudience;
  /** Part of the code, the Chinese or the English name, any case. */
  search?: string;
}

export interface MatterPage {
  matters: MatterRecord[];
  hasNextPage: boolean;
  totalCount: number;
}

interface MatterRow {
  code: string;
  name: string;
  name_en: string;
  department_code: string;
  applicant_kind: string;
  category: string;
  legal_days: number;
  promised_days: number;
  issues_certificate_type: string | null;
  issues_title: string | null;
  issues_validity_years: number | null;
  position: number;
  in_catalogue: number;
}

interface MaterialRow {
  matter_code: string;
  code: string;
  name: string;
  kind: MaterialKind;
  certificate_type: string | null;
  required: number;
}

const MATTER_COLUMNS = `m.code, m.name, m.name_en, m.department_code, m.applicant_kind, m.category, m.legal_days,
  m.promised_days, m.issues_certificate_type, m.issues_title, m.issues_validity_years, m.position, m.in_catalogue`;

/** `%` and `_` in a search are letters, not wildcards. */
function likePattern(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function where(filter: MatterFilter): { sql: string; params: unknown[] } {
  const clauses = ['m.in_catalogue = 1'];
  const params: unknown[] = [];
  if (filter.departmentCode !== undefined) {
    clauses.push('m.department_code = ?');
    params.push(filter.departmentCode);
  }
  if (filter.audience === 'BOTH') clauses.push("m.applicant_kind = 'ANY'");
  else if (filter.audience) {
    clauses.push("(m.applicant_kind = ? OR m.applicant_kind = 'ANY')");
    params.push(filter.audience);
  }
  if (filter.channel) {
    clauses.push('EXISTS (SELECT 1 FROM matter_channels c WHERE c.matter_code = m.code AND c.channel = ?)');
    params.push(filter.channel);
  }
  if (filter.search) {
    clauses.push(
      "(LOWER(m.code) LIKE ? ESCAPE '\\' OR LOWER(m.name) LIKE ? ESCAPE '\\' OR LOWER(m.name_en) LIKE ? ESCAPE '\\')",
    );
    const p = likePattern(filter.search);
    params.push(p, p, p);
  }
  return { sql: clauses.join(' AND '), params };
}

/** Adds channels and materials to matter rows: two statements for any number of matters. */
async function complete(session: SqlSession, rows: readonly MatterRow[]): Promise<MatterRecord[]> {
  if (rows.length === 0) return [];
  const codes = rows.map((r) => r.code);
  const channels = await session.query<{ matter_code: string; channel: CaseChannel }>(
    `SELECT matter_code, channel FROM matter_channels WHERE matter_code IN (${marks(codes.length)})`,
    codes,
  );
  const materials = await session.query<MaterialRow>(
    `SELECT matter_code, code, name, kind, certificate_type, required FROM matter_materials
WHERE matter_code IN (${marks(codes.length)}) ORDER BY matter_code, position`,
    codes,
  );
  const order: CaseChannel[] = ['COUNTER', 'PORTAL', 'TERMINAL', 'APP'];
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    nameEn: r.name_en,
    departmentCode: r.department_code,
    audience: r.applicant_kind === 'ANY' ? 'BOTH' : (r.applicant_kind as MatterAudience),
    category: r.category,
    channels: order.filter((c) => channels.some((x) => x.matter_code === r.code && x.channel === c)),
    legalTimeLimitDays: Number(r.legal_days),
    promisedTimeLimitDays: Number(r.promised_days),
    materials: materials
      .filter((x) => x.matter_code === r.code)
      .map((x) => ({
        code: x.code,
        name: x.name,
        kind: x.kind,
        certificateType: x.certificate_type,
        required: Number(x.required) === 1,
      })),
    issues:
      r.issues_certificate_type && r.issues_title && r.issues_validity_years
        ? {
            certificateType: r.issues_certificate_type,
            title: r.issues_title,
            validityYears: Number(r.issues_validity_years),
          }
        : null,
    position: Number(r.position),
    inCatalogue: Number(r.in_catalogue) === 1,
  }));
}

/** The matters with these codes, in or out of the catalogue; unknown codes are left out. Three statements. */
export async function mattersByCode(session: SqlSession, codes: readonly string[]): Promise<MatterRecord[]> {
  if (codes.length === 0) return [];
  const rows = await session.query<MatterRow>(
    `SELECT ${MATTER_COLUMNS} FROM matters m WHERE m.code IN (${marks(codes.length)})`,
    codes,
  );
  return complete(session, rows);
}

/**
 * One page of the catalogue in catalogue order, after the matter at position `after` (0: from the
 * start). Keyset paging: a page costs the same at the end of the list as at its start.
 */
export async function matterPage(
  session: SqlSession,
  filter: MatterFilter,
  after: number,
  first: number,
): Promise<MatterPage> {
  const w = where(filter);
  const [count] = await session.query<{ n: number | string }>(
    `SELECT COUNT(*) AS n FROM matters m WHERE ${w.sql}`,
    w.params,
  );
  const totalCount = Number(count?.n ?? 0);
  if (first === 0) return { matters: [], hasNextPage: false, totalCount };
  // One more than asked: its presence is hasNextPage.
  const rows = await session.query<MatterRow>(
    `SELECT ${MATTER_COLUMNS} FROM matters m WHERE ${w.sql} AND m.position > ? ORDER BY m.position LIMIT ?`,
    [...w.params, after, first + 1],
  );
  return {
    matters: await complete(session, rows.slice(0, first)),
    hasNextPage: rows.length > first,
    totalCount,
  };
}

/** Every industry with its components, in catalogue order: two statements. */
export async function listIndustries(session: SqlSession): Promise<IndustryRecord[]> {
  const industries = await session.query<{
    code: string;
    name: string;
    name_en: string;
    matter_code: string;
  }>('SELECT code, name, name_en, matter_code FROM industries ORDER BY position');
  const components = await session.query<{
    industry_code: string;
    certificate_type: string;
    name: string;
    department_code: string;
  }>(
    'SELECT industry_code, certificate_type, name, department_code FROM industry_components ORDER BY industry_code, position',
  );
  return industries.map((d) => ({
    code: d.code,
    name: d.name,
    nameEn: d.name_en,
    matterCode: d.matter_code,
    components: components
      .filter((c) => c.industry_code === d.code)
      .map((c) => ({ certificateType: c.certificate_type, name: c.name, departmentCode: c.department_code })),
  }));
}
