import {
  isOpenStatus,
  type ApplicantType,
  type CaseChannel,
  type CaseRecord,
  type CaseStatusCode,
  type DepartmentRecord,
} from '../model';
import { marks } from './sql-session';
import { toDistrictIso } from './timestamps';

/** The SQL both engines run. */

interface DepartmentRow {
  code: string;
  name: string;
  name_en: string;
  legacy_system: string | null;
}

interface CaseRow {
  id: string;
  matter_code: string;
  matter_name: string;
  department_code: string;
  department_name: string;
  department_name_en: string;
  department_legacy_system: string | null;
  applicant_type: ApplicantType;
  applicant_id: string;
  channel: CaseChannel;
  status: CaseStatusCode;
  submitted_at: Date | string;
  updated_at: Date | string;
  issued_certificate_id: string | null;
  version: number | string;
}

const DEPARTMENT_COLUMNS = 'code, name, name_en, legacy_system';

// A case with its matter and department in one row, so a batch of cases is one statement.
const CASE_SELECT = `SELECT c.id, c.matter_code, m.name AS matter_name,
  d.code AS department_code, d.name AS department_name, d.name_en AS department_name_en,
  d.legacy_system AS department_legacy_system,
  c.applicant_type, c.applicant_id, c.channel, c.status, c.submitted_at, c.updated_at,
  c.issued_certificate_id, c.version
FROM cases c
JOIN matters m ON m.code = c.matter_code
JOIN departments d ON d.code = m.department_code`;

export const SQL = {
  ping: 'SELECT 1 AS ok',
  listDepartments: `SELECT ${DEPARTMENT_COLUMNS} FROM departments ORDER BY position`,
  departmentsByCode: (n: number) =>
    `SELECT ${DEPARTMENT_COLUMNS} FROM departments WHERE code IN (${marks(n)})`,
  casesById: (n: number) => `${CASE_SELECT}\nWHERE c.id IN (${marks(n)})`,
  // Timestamps are all written with the district's offset, so SQLite's text order is time order too.
  casesByApplicant: (n: number) =>
    `${CASE_SELECT}\nWHERE c.applicant_type = ? AND c.applicant_id IN (${marks(n)})\nORDER BY c.submitted_at DESC, c.id DESC`,
} as const;

export function toDepartment(row: DepartmentRow): DepartmentRecord {
  return { code: row.code, name: row.name, nameEn: row.name_en, legacySystem: row.legacy_system };
}

export function toCase(row: CaseRow): CaseRecord {
  return {
    id: row.id,
    matterCode: row.matter_code,
    matterName: row.matter_name,
    department: {
      code: row.department_code,
      name: row.department_name,
      nameEn: row.department_name_en,
      legacySystem: row.department_legacy_system,
    },
    applicant: row.applicant_type === 'COMPANY' ? { uscc: row.applicant_id } : { id: row.applicant_id },
    channel: row.channel,
    status: row.status,
    open: isOpenStatus(row.status),
    submittedAt: toDistrictIso(row.submitted_at),
    updatedAt: toDistrictIso(row.updated_at),
    issuedCertificateId: row.issued_certificate_id,
    version: Number(row.version),
  };
}

export type { CaseRow, DepartmentRow };
