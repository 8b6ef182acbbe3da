import type { NormalQuery } from './audit-query';
import { RECORD_COLUMNS } from './record-row';

/** A statement with `?` placeholders and its parameters, in order. */
export interface SqlText {
  sql: string;
  params: unknown[];
}

/**
 * The SELECT for a checked query, shared by SQLite and PostgreSQL (which numbers the `?`).
 * `cursorTime` is the time of the `after` record, looked up first. The subject matches either
 * column pair with its own index (subject; entity_type + entity_id), so the OR stays indexed.
 */
export function querySql(table: string, q: NormalQuery, cursorTime: string | null): SqlText {
  const where: string[] = [];
  const params: unknown[] = [];
  const eq = (column: string, value: unknown) => {
    where.push(`${column} = ?`);
    params.push(value);
  };
  if (q.subject) {
    where.push('(subject = ? OR (entity_type = ? AND entity_id = ?))');
    params.push(q.subject.text, q.subject.entityType, q.subject.entityId);
  }
  if (q.actor !== undefined) eq('actor', q.actor);
  if (q.department !== undefined) eq('department', q.department);
  if (q.purpose !== undefined) eq('purpose', q.purpose);
  if (q.caseId !== undefined) eq('case_id', q.caseId);
  if (q.traceId !== undefined) eq('trace_id', q.traceId);
  if (q.kind !== undefined) eq('kind', q.kind);
  if (q.from !== undefined) {
    where.push('time >= ?');
    params.push(q.from);
  }
  if (q.to !== undefined) {
    where.push('time < ?');
    params.push(q.to);
  }
  if (q.after && cursorTime !== null) {
    where.push('(time, writer, seq) < (?, ?, ?)');
    params.push(cursorTime, q.after.writer, q.after.seq);
  }
  const sql =
    `SELECT ${RECORD_COLUMNS.join(', ')} FROM ${table}` +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY time DESC, writer DESC, seq DESC LIMIT ?';
  params.push(q.limit);
  return { sql, params };
}

/** `?` placeholders as PostgreSQL's `$1, $2...` (the statements here hold no `?` in literals). */
export function numberPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}
