import { DataLayerError } from '../kit/errors';

export const DEPARTMENT = 'tax';

function fail(
  code: ConstructorParameters<typeof DataLayerError>[0],
  message: string,
  cause: unknown,
  retryAfter?: number,
) {
  return new DataLayerError(code, `tax: ${message}`, { department: DEPARTMENT, cause, retryAfter });
}

/** A malformed reply from the bureau's database (a value outside the view's published contract). */
export function badReply(message: string): DataLayerError {
  return new DataLayerError('BAD_LEGACY_REPLY', `tax: ${message}`, { department: DEPARTMENT });
}

interface DriverError {
  code?: string;
  errno?: number;
  sqlState?: string;
  fatal?: boolean;
  message?: string;
}

// better-sqlite3 result codes, by what they mean for a reader.
const SQLITE_TIMEOUT = /^SQLITE_(BUSY|LOCKED)/; // the busy timeout ran out behind the bureau's lock
const SQLITE_UNAVAILABLE = /^SQLITE_(CANTOPEN|IOERR|PERM|READONLY|AUTH)/;
const SQLITE_GARBAGE = /^SQLITE_(CORRUPT|NOTADB|FORMAT|MISMATCH|RANGE)/;

/** A better-sqlite3 error as a DataLayerError. */
export function sqliteError(e: unknown): DataLayerError {
  if (e instanceof DataLayerError) return e;
  const code = (e as DriverError).code ?? '';
  if (SQLITE_TIMEOUT.test(code))
    return fail('DEPARTMENT_TIMEOUT', `database locked beyond the busy timeout (${code})`, e);
  if (SQLITE_UNAVAILABLE.test(code))
    return fail('DEPARTMENT_UNAVAILABLE', `cannot open the database (${code})`, e);
  if (SQLITE_GARBAGE.test(code))
    return fail('BAD_LEGACY_REPLY', `the database file is not readable SQLite (${code})`, e);
  if (code.startsWith('SQLITE_'))
    return fail('LEGACY_FAULT', `the database refused the view query (${code})`, e);
  if (e instanceof TypeError && /directory does not exist|unable to open/i.test(e.message))
    return fail('DEPARTMENT_UNAVAILABLE', 'cannot open the database file', e);
  return fail('DEPARTMENT_UNAVAILABLE', `database error: ${(e as Error)?.message ?? String(e)}`, e);
}

const MYSQL_TIMEOUT_CODES = new Set(['PROTOCOL_SEQUENCE_TIMEOUT', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
/** 1205 lock wait, 1969 MariaDB max_statement_time, 3024 MySQL max_execution_time. */
const MYSQL_TIMEOUT_ERRNOS = new Set([1205, 1969, 3024]);
const MYSQL_UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'POOL_CLOSED',
  'POOL_ENQUEUELIMIT',
]);
/** Connection-level server errors: too many connections, access denied, unknown database, host blocked, killed. */
const MYSQL_UNAVAILABLE_ERRNOS = new Set([1040, 1045, 1049, 1129, 1130, 1927]);
/** The published view is missing or its columns changed: the bureau broke the sharing contract. */
const MYSQL_CONTRACT_ERRNOS = new Set([1054, 1146, 1356]);

/** A MySQL server error packet carries a number from 1000 up and, since protocol 4.1, a SQLSTATE. */
export function isServerError(e: unknown): boolean {
  const { errno, sqlState } = e as DriverError;
  return typeof errno === 'number' && errno >= 1000 && typeof sqlState === 'string' && sqlState.length === 5;
}

/** A mysql2 error as a DataLayerError. */
export function mysqlError(e: unknown): DataLayerError {
  if (e instanceof DataLayerError) return e;
  const err = (e ?? {}) as DriverError;
  const code = err.code ?? '';
  if (MYSQL_TIMEOUT_CODES.has(code) || (isServerError(e) && MYSQL_TIMEOUT_ERRNOS.has(err.errno!)))
    return fail('DEPARTMENT_TIMEOUT', `no answer from the database in time (${code || err.errno})`, e);
  const systemError = /^E[A-Z0-9]+$/.test(code); // ECONNABORTED and kin, from the socket rather than the server
  if (MYSQL_UNAVAILABLE_CODES.has(code) || systemError || /closed state/i.test(err.message ?? ''))
    return fail('DEPARTMENT_UNAVAILABLE', `cannot reach the database (${code || 'connection closed'})`, e);
  if (isServerError(e)) {
    const errno = err.errno!;
    if (errno === 1053) {
      // The bureau's DBAs announce maintenance by shutting the server with "retry after N s" in the message.
      const m = /retry after (\d+)\s*s/i.exec(err.message ?? '');
      return fail(
        'IN_MAINTENANCE',
        'the database is shutting down for maintenance',
        e,
        m ? Number(m[1]) : undefined,
      );
    }
    if (errno === 1226)
      return fail('RATE_LIMITED', 'the database account has used up its query allowance', e);
    if (MYSQL_UNAVAILABLE_ERRNOS.has(errno))
      return fail('DEPARTMENT_UNAVAILABLE', `the database refused the connection (${errno})`, e);
    if (MYSQL_CONTRACT_ERRNOS.has(errno))
      return fail('LEGACY_FAULT', `the published view is missing or changed (${errno})`, e);
    return fail('LEGACY_FAULT', `the database answered error ${errno} (${err.sqlState})`, e);
  }
  // An ERR packet without SQLSTATE or with a number no server uses, or a packet mysql2 could not parse at all.
  if (typeof err.errno === 'number' && err.errno > 0)
    return fail('BAD_LEGACY_REPLY', 'the database answered a malformed packet', e);
  if (err.fatal || !code)
    return fail('BAD_LEGACY_REPLY', `the database answered bytes mysql2 cannot parse`, e);
  return fail('DEPARTMENT_UNAVAILABLE', `database error (${code})`, e);
}
