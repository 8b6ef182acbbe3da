/**
 * `npm run audit:verify [-- --file <audit.sqlite> --keys <audit.jwks.json>]`: checks every
 * audit chain and names the first broken record of each. Works offline on a copied SQLite file.
 *
 * Where it reads (flags win over the environment):
 * - `--file <path>`: a SQLite file (a copy is fine); else DATABASE_URL (PostgreSQL, schema
 *   AUDIT_PG_SCHEMA, default `audit`); else AUDIT_SQLITE_PATH (default .data/audit.sqlite).
 * - `--keys <path>`: a JWKS JSON file of the writers' public checkpoint keys; else
 *   AUDIT_VERIFY_KEYS_FILE (default .data/keys/audit.jwks.json).
 *
 * Exit status: 0 every chain verifies; 1 some chain is broken; 2 usage or configuration error.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { openAuditReader } from './open-audit-store';
import type { AuditReader } from './reader';
import { verifyAudit, type VerifyReport } from './verify';

const USAGE = 'usage: npm run audit:verify -- [--file <audit.sqlite>] [--keys <audit.jwks.json>]';
/** The public keys' file when neither --keys nor AUDIT_VERIFY_KEYS_FILE says. */
export const DEFAULT_VERIFY_KEYS_FILE = '.data/keys/audit.jwks.json';

class UsageError extends Error {}

interface CliArgs {
  file?: string;
  keys?: string;
}

function parseArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--help' || flag === '-h') throw new UsageError(USAGE);
    if (flag !== '--file' && flag !== '--keys') throw new UsageError(`unknown argument ${flag}\n${USAGE}`);
    const value = argv[++i];
    if (!value || value.startsWith('--')) throw new UsageError(`${flag} needs a path\n${USAGE}`);
    args[flag === '--file' ? 'file' : 'keys'] = value;
  }
  return args;
}

function readKeys(args: CliArgs): { jwks: JSONWebKeySet; note?: string } {
  const explicit = args.keys ?? process.env.AUDIT_VERIFY_KEYS_FILE;
  const file = path.resolve(explicit ?? DEFAULT_VERIFY_KEYS_FILE);
  if (!existsSync(file)) {
    if (explicit) throw new UsageError(`no keys file ${file}`);
    // No keys anywhere: the chains can still be checked; any checkpoint will show as unverifiable.
    return { jwks: { keys: [] }, note: `no keys file ${file}: checkpoints cannot be verified` };
  }
  let jwks: unknown;
  try {
    jwks = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError(`keys file ${file} is not JSON: ${(e as Error).message}`);
  }
  if (!jwks || !Array.isArray((jwks as JSONWebKeySet).keys))
    throw new UsageError(`keys file ${file} is not a JWKS (an object with a "keys" array)`);
  const secret = (jwks as JSONWebKeySet).keys.find((k) => 'd' in k);
  if (secret)
    throw new UsageError(
      `keys file ${file} holds a private key (kid ${secret.kid}); give the public keys only`,
    );
  return { jwks: jwks as JSONWebKeySet };
}

async function openReader(args: CliArgs): Promise<{ reader: AuditReader; source: string }> {
  try {
    if (args.file) {
      const file = path.resolve(args.file);
      if (!existsSync(file)) throw new UsageError(`no file ${file}`);
      return { reader: await openAuditReader({ sqlitePath: file }), source: file };
    }
    const databaseUrl = process.env.DATABASE_URL;
    if (databaseUrl) {
      const schema = process.env.AUDIT_PG_SCHEMA ?? 'audit';
      const where = new URL(databaseUrl);
      return {
        reader: await openAuditReader({ databaseUrl, pgSchema: schema }),
        source: `postgres://${where.host}${where.pathname} schema ${schema}`,
      };
    }
    const file = path.resolve(process.env.AUDIT_SQLITE_PATH ?? '.data/audit.sqlite');
    if (!existsSync(file))
      throw new UsageError(`no file ${file} (set AUDIT_SQLITE_PATH, DATABASE_URL or --file)`);
    return { reader: await openAuditReader({ sqlitePath: file }), source: file };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
}

/** The per-chain table and, for each broken chain, its FIRST BROKEN RECORD line. */
export function formatReport(report: VerifyReport): string {
  const rows = report.chains.map((c) => {
    let status = 'ok';
    if (c.problem) status = `BROKEN at seq ${c.problem.seq} (${c.problem.kind})`;
    else {
      const unsigned = c.records - (c.lastCheckpointSeq ?? 0);
      if (unsigned > 0) status = `ok (${unsigned} after the last checkpoint)`;
    }
    return [c.writer, String(c.records), String(c.checkpoints), status];
  });
  const header = ['writer', 'records', 'checkpoints', 'status'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  out.push('');
  for (const p of report.problems)
    out.push(`FIRST BROKEN RECORD: writer=${p.writer} seq=${p.seq} (${p.kind}: ${p.detail})`);
  const broken = report.problems.length;
  const n = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const totals = `${n(report.records, 'record')}, ${n(report.checkpoints, 'checkpoint')}`;
  out.push(
    broken === 0
      ? `${n(report.chains.length, 'chain')}, ${totals}: all verify`
      : `${broken} of ${n(report.chains.length, 'chain')} broken (${totals})`,
  );
  return out.join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  let reader: AuditReader | undefined;
  try {
    const args = parseArgs(argv);
    const { jwks, note } = readKeys(args);
    if (note) process.stderr.write(`audit:verify: ${note}\n`);
    const opened = await openReader(args);
    reader = opened.reader;
    process.stderr.write(`audit:verify: ${opened.source}\n`);
    const report = await verifyAudit(reader, jwks, {
      onProgress: (writer, n) => process.stderr.write(`audit:verify: ${writer}: ${n} records checked\n`),
    });
    process.stdout.write(`${formatReport(report)}\n`);
    return report.ok ? 0 : 1;
  } catch (e) {
    process.stderr.write(`audit:verify: ${(e as Error).message}\n`);
    return 2;
  } finally {
    await reader?.close().catch(() => undefined);
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
