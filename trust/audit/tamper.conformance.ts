import type { JSONWebKeySet, JWK } from 'jose';
import { hashRecord } from './chain';
import { CheckpointSigner } from './checkpoints';
import type { AuditRecord } from './record';
import { RECORD_COLUMNS, recordValues } from './record-row';
import { draft, drafts, signingKeys, type SqlAuditTarget } from './test-support';
import { verifyAudit, type VerifyReport } from './verify';

/**
 * Every way of rewriting history that the chain must expose, each done the way an attacker with
 * direct access to the database would (triggers dropped first), each named by verifyAudit with
 * the right writer, seq and kind. Writer A: 12 records, checkpoints at 5, 10 and 12 (close);
 * writer B: 3 records, untouched, must stay ok throughout.
 */
export function describeTamperConformance(target: SqlAuditTarget): void {
  describe(`audit tampering on ${target.engine}`, () => {
    let privateJwk: JWK;
    let jwks: JSONWebKeySet;
    let A: string;
    let B: string;
    let chainA: AuditRecord[];

    const verify = async (keys: JSONWebKeySet = jwks): Promise<VerifyReport> => {
      const reader = await target.openReader();
      try {
        return await verifyAudit(reader, keys);
      } finally {
        await reader.close();
      }
    };
    /** The report's one problem, and B's chain still ok. */
    const onlyProblem = async () => {
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.chains.find((c) => c.writer === B)).toMatchObject({ ok: true, records: 3 });
      expect(report.problems).toHaveLength(1);
      return report.problems[0]!;
    };
    const exec = (sql: string, params: unknown[] = []) => target.exec(sql, params);

    beforeAll(async () => {
      ({ privateJwk, jwks } = await signingKeys());
    });
    beforeEach(async () => {
      await target.fresh();
      const a = await target.openStore({ signingKey: privateJwk, checkpointEvery: 5 });
      const b = await target.openStore({ signingKey: privateJwk, checkpointEvery: 5 });
      chainA = [];
      for (const d of drafts(12)) chainA.push(...(await a.append([d])));
      await b.append(drafts(3));
      A = a.writer;
      B = b.writer;
      await a.close();
      await b.close();
    });
    afterAll(() => target.dropAll());

    it('verifies the untouched chains', async () => {
      const report = await verify();
      expect(report).toMatchObject({ ok: true, records: 15, checkpoints: 4, problems: [] });
      expect(report.chains.find((c) => c.writer === A)).toEqual({
        writer: A,
        records: 12,
        checkpoints: 3,
        lastCheckpointSeq: 12,
        ok: true,
      });
    });

    it('refuses UPDATE and DELETE of records and checkpoints while the triggers stand', async () => {
      // Matched on the message, not with toThrow: better-sqlite3's native addon keeps the error
      // class of the first test file that loaded it, which is not an Error of a later file's realm.
      const refused = (table: string, op: string) => ({ message: `${table} is append-only: ${op} refused` });
      await expect(
        exec('UPDATE audit_records SET outcome = ? WHERE writer = ? AND seq = ?', ['denied', A, 4]),
      ).rejects.toMatchObject(refused('audit_records', 'UPDATE'));
      await expect(exec('DELETE FROM audit_records WHERE writer = ?', [A])).rejects.toMatchObject(
        refused('audit_records', 'DELETE'),
      );
      await expect(
        exec('UPDATE audit_checkpoints SET hash = ? WHERE writer = ?', ['0', A]),
      ).rejects.toMatchObject(refused('audit_checkpoints', 'UPDATE'));
      await expect(exec('DELETE FROM audit_checkpoints WHERE writer = ?', [A])).rejects.toMatchObject(
        refused('audit_checkpoints', 'DELETE'),
      );
      expect((await verify()).ok).toBe(true);
    });

    it('names an edited field: the record no longer hashes to its hash', async () => {
      await target.dropTriggers();
      await exec('UPDATE audit_records SET fields = ? WHERE writer = ? AND seq = ?', ['["birthDate"]', A, 4]);
      expect(await onlyProblem()).toMatchObject({ writer: A, seq: 4, kind: 'edited' });
    });

    it('names an edited prevHash as edited', async () => {
      await target.dropTriggers();
      await exec('UPDATE audit_records SET prev_hash = ? WHERE writer = ? AND seq = ?', [
        'f'.repeat(64),
        A,
        6,
      ]);
      expect(await onlyProblem()).toMatchObject({ writer: A, seq: 6, kind: 'edited' });
    });

    it('names a deleted record: a gap in the seqs', async () => {
      await target.dropTriggers();
      await exec('DELETE FROM audit_records WHERE writer = ? AND seq = ?', [A, 4]);
      expect(await onlyProblem()).toEqual({
        writer: A,
        seq: 4,
        kind: 'deleted',
        detail: 'seq 4 is missing (the next record is seq 5)',
      });
    });

    it('names a record deleted and the later ones renumbered to close the gap', async () => {
      await target.dropTriggers();
      await exec('DELETE FROM audit_records WHERE writer = ? AND seq = ?', [A, 4]);
      await exec('UPDATE audit_records SET seq = -(seq - 1) WHERE writer = ? AND seq > ?', [A, 4]);
      await exec('UPDATE audit_records SET seq = -seq WHERE writer = ? AND seq < 0', [A]);
      expect(await onlyProblem()).toMatchObject({ writer: A, seq: 4, kind: 'deleted' });
    });

    it('names a forged record slipped into the middle with a correct link and hash', async () => {
      await target.dropTriggers();
      await exec('UPDATE audit_records SET seq = -(seq + 1) WHERE writer = ? AND seq >= ?', [A, 4]);
      await exec('UPDATE audit_records SET seq = -seq WHERE writer = ? AND seq < 0', [A]);
      const body = {
        ...draft({ actor: 'officer-0099', entityId: 'FORGED' }),
        writer: A,
        seq: 4,
        prevHash: chainA[2]!.hash,
      };
      const forged = { ...body, hash: hashRecord(body) };
      await exec(
        `INSERT INTO audit_records (${RECORD_COLUMNS.join(', ')}) VALUES (${RECORD_COLUMNS.map(() => '?').join(', ')})`,
        recordValues(forged),
      );
      expect(await onlyProblem()).toEqual({
        writer: A,
        seq: 4,
        kind: 'inserted',
        detail: 'seq 5 links past seq 4 to seq 3: seq 4 was slipped in',
      });
    });

    it('names two records whose seqs were swapped as reordered', async () => {
      await target.dropTriggers();
      await exec('UPDATE audit_records SET seq = -seq WHERE writer = ? AND seq IN (3, 4)', [A]);
      await exec(
        'UPDATE audit_records SET seq = CASE seq WHEN -3 THEN 4 ELSE 3 END WHERE writer = ? AND seq < 0',
        [A],
      );
      const problem = await onlyProblem();
      expect(problem).toMatchObject({ writer: A, seq: 3, kind: 'reordered' });
      expect(problem.detail).toBe(
        `seq 3 links to the record stored at seq 4 (hash ${chainA[2]!.hash.slice(0, 12)}…): records were moved`,
      );
    });

    it('names a tail cut off after a checkpoint as truncated', async () => {
      await target.dropTriggers();
      await exec('DELETE FROM audit_records WHERE writer = ? AND seq > ?', [A, 10]);
      expect(await onlyProblem()).toEqual({
        writer: A,
        seq: 11,
        kind: 'truncated',
        detail:
          'a signed checkpoint vouches for seq 12, the chain ends at seq 10: records 11..12 were removed',
      });
    });

    it('names a chain rewritten with recomputed hashes by the checkpoint it contradicts', async () => {
      await target.dropTriggers();
      let prevHash = chainA[2]!.hash;
      for (const original of chainA.slice(3)) {
        const body = { ...original, prevHash, fields: original.seq === 4 ? ['name'] : original.fields };
        const hash = hashRecord(body);
        await exec(
          'UPDATE audit_records SET fields = ?, prev_hash = ?, hash = ? WHERE writer = ? AND seq = ?',
          [JSON.stringify(body.fields), prevHash, hash, A, original.seq],
        );
        prevHash = hash;
      }
      expect(await onlyProblem()).toMatchObject({ writer: A, seq: 5, kind: 'bad-checkpoint' });
    });

    it('names a checkpoint signed by a key that is not the writer’s', async () => {
      await target.dropTriggers();
      const forger = await CheckpointSigner.create((await signingKeys('test-audit-1')).privateJwk);
      const cp = await forger.sign({
        writer: A,
        seq: 10,
        hash: chainA[9]!.hash,
        time: '2026-11-20T02:00:00.000Z',
      });
      await exec('UPDATE audit_checkpoints SET signature = ?, time = ? WHERE writer = ? AND seq = ?', [
        cp.signature,
        cp.time,
        A,
        10,
      ]);
      const problem = await onlyProblem();
      expect(problem).toMatchObject({ writer: A, seq: 10, kind: 'bad-checkpoint' });
      expect(problem.detail).toMatch(/^checkpoint at seq 10: signature does not verify \(kid test-audit-1\)/);
    });

    it('names a checkpoint row changed under a genuine signature', async () => {
      await target.dropTriggers();
      await exec('UPDATE audit_checkpoints SET seq = ? WHERE writer = ? AND seq = ?', [11, A, 10]);
      expect(await onlyProblem()).toEqual({
        writer: A,
        seq: 11,
        kind: 'bad-checkpoint',
        detail: 'checkpoint at seq 11: the signed seq is 10, the stored row says 11',
      });
    });

    it('treats every checkpoint as bad when the JWKS lacks its key', async () => {
      const report = await verify({ keys: [] });
      expect(report.problems.map((p) => [p.writer, p.seq, p.kind])).toEqual(
        [
          [A, 5, 'bad-checkpoint'],
          [B, 3, 'bad-checkpoint'],
        ].sort((x, y) => ((x[0] as string) < (y[0] as string) ? -1 : 1)),
      );
    });
  });
}
