import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { openAuditReader } from './open-audit-store';
import { tempDir } from './test-support';
import { verifyAudit } from './verify';

/**
 * The writer process: appends one record at a time, forever, and prints each seq on stdout only
 * after append resolved. The test SIGKILLs it mid-stream: every seq it printed must be stored.
 */
const CHILD = `
const { openAuditStore } = require('./trust/audit/open-audit-store');
const [file, department] = process.argv.slice(1);
(async () => {
  const store = await openAuditStore({ department, sqlitePath: file });
  process.stdout.write('writer ' + store.writer + '\\n');
  for (let i = 1; ; i++) {
    const [record] = await store.append([{
      time: new Date().toISOString(), traceId: 'a'.repeat(32), kind: 'read', actor: 'officer-0042',
      role: 'OFFICER', channel: 'counter', purpose: null, caseId: null, department,
      entityType: 'Person', entityId: 'E' + i, subject: null, fields: ['name'], outcome: 'returned',
    }]);
    process.stdout.write(record.seq + '\\n');
  }
})().catch((e) => { process.stderr.write(String(e && e.stack)); process.exit(3); });
`;
/** Seqs each writer must have acknowledged before it is killed. */
const ACKED = 300;

interface Writer {
  child: ChildProcess;
  writer: Promise<string>;
  acked: number[];
  /** Resolves once ACKED seqs were printed. */
  enough: Promise<void>;
}

function startWriter(file: string, department: string): Writer {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-e', CHILD, file, department],
    {
      cwd: path.resolve(__dirname, '../..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const acked: number[] = [];
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  let buffered = '';
  let resolveWriter!: (w: string) => void;
  let resolveEnough!: () => void;
  let rejectEnough!: (e: Error) => void;
  const writer = new Promise<string>((r) => (resolveWriter = r));
  const enough = new Promise<void>((resolve, reject) => {
    resolveEnough = resolve;
    rejectEnough = reject;
  });
  child.stdout!.on('data', (b: Buffer) => {
    buffered += b.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('writer ')) resolveWriter(line.slice('writer '.length));
      else acked.push(Number(line));
    }
    if (acked.length >= ACKED) resolveEnough();
  });
  child.on('exit', (code, signal) => {
    if (signal !== 'SIGKILL') rejectEnough(new Error(`writer exited early (${code}): ${stderr}`));
  });
  return { child, writer, acked, enough };
}

describe('audit durability', () => {
  const tmp = tempDir('audit-durability-');
  afterAll(() => tmp.remove());

  it('keeps every record acknowledged before two writer processes on one file are SIGKILLed', async () => {
    const file = path.join(tmp.dir, 'audit.sqlite');
    const writers = [startWriter(file, 'health'), startWriter(file, 'tax')];
    try {
      await Promise.all(writers.map((w) => w.enough));
    } finally {
      for (const w of writers) w.child.kill('SIGKILL');
    }
    await Promise.all(
      writers.map(
        (w) =>
          new Promise((r) =>
            w.child.exitCode !== null || w.child.signalCode ? r(null) : w.child.once('exit', r),
          ),
      ),
    );
    // What the parent saw acknowledged, frozen at the kill.
    const acked = writers.map((w) => [...w.acked]);
    const ids = await Promise.all(writers.map((w) => w.writer));

    const reader = await openAuditReader({ sqlitePath: file });
    try {
      const report = await verifyAudit(reader, { keys: [] });
      expect(report.ok).toBe(true);
      expect(report.chains.map((c) => c.writer).sort()).toEqual([...ids].sort());
      for (const [i, id] of ids.entries()) {
        const stored = new Set<number>();
        for await (const r of reader.readChain(id)) stored.add(r.seq);
        // Seqs are acknowledged in order 1, 2, 3...; each one printed is stored.
        expect(acked[i]).toEqual(Array.from({ length: acked[i]!.length }, (_, k) => k + 1));
        expect(acked[i]!.every((seq) => stored.has(seq))).toBe(true);
        expect(stored.size).toBeGreaterThanOrEqual(acked[i]!.length);
      }
    } finally {
      await reader.close();
    }
  });
});
