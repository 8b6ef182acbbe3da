import { createHash } from 'node:crypto';
import os from 'node:os';
import { canonicalRecordJson, EMPTY_HEAD, extendChain, GENESIS_HASH, hashRecord, newWriterId } from './chain';
import { draft } from './test-support';

describe('audit chain', () => {
  it('hashes the canonical JSON: fixed key order, no whitespace, every field but hash', () => {
    const [record] = extendChain('health@h:1:x', EMPTY_HEAD, [draft({ purpose: null, caseId: null })]);
    expect(canonicalRecordJson(record!)).toBe(
      '{"time":"2026-11-20T01:00:00.000Z","traceId":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","kind":"read",' +
        '"actor":"officer-0042","role":"OFFICER","channel":"counter","purpose":null,"caseId":null,' +
        '"department":"health","entityType":"Person","entityId":"310107199003070017",' +
        '"subject":"Person:310107199003070017","fields":["birthDate","name"],"outcome":"returned",' +
        `"writer":"health@h:1:x","seq":1,"prevHash":"${GENESIS_HASH}"}`,
    );
    expect(record!.hash).toBe(createHash('sha256').update(canonicalRecordJson(record!)).digest('hex'));
  });

  it('gives the same hash whatever the key order or extra properties of the object', () => {
    const [record] = extendChain('w', EMPTY_HEAD, [draft()]);
    const { hash: _hash, ...body } = record!;
    const shuffled = Object.fromEntries(Object.entries(body).reverse()) as typeof body;
    expect(hashRecord({ ...shuffled, extra: 1 } as typeof body)).toBe(record!.hash);
  });

  it('links each record to the one before, the first to 64 zeros', () => {
    const records = extendChain('w', EMPTY_HEAD, [
      draft(),
      draft({ entityId: '2' }),
      draft({ entityId: '3' }),
    ]);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    expect(records.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(records[0]!.prevHash).toBe(GENESIS_HASH);
    expect(records[1]!.prevHash).toBe(records[0]!.hash);
    expect(records[2]!.prevHash).toBe(records[1]!.hash);
    expect(new Set(records.map((r) => r.hash)).size).toBe(3);
    for (const r of records) expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('continues a chain from its head', () => {
    const first = extendChain('w', EMPTY_HEAD, [draft(), draft()]);
    const head = { seq: 2, hash: first[1]!.hash };
    const [third] = extendChain('w', head, [draft()]);
    expect(third).toMatchObject({ seq: 3, prevHash: first[1]!.hash });
  });

  it('changes the hash when any field changes, seq and writer included', () => {
    const [record] = extendChain('w', EMPTY_HEAD, [draft()]);
    const { hash, ...body } = record!;
    expect(hashRecord({ ...body, fields: ['name'] })).not.toBe(hash);
    expect(hashRecord({ ...body, seq: 2 })).not.toBe(hash);
    expect(hashRecord({ ...body, writer: 'v' })).not.toBe(hash);
    expect(hashRecord({ ...body, outcome: 'masked' })).not.toBe(hash);
  });

  it('names a writer by department, host, pid and a random part', () => {
    const a = newWriterId('health');
    const b = newWriterId('health');
    const prefix = `health@${os.hostname()}:${process.pid}:`;
    expect(a.startsWith(prefix)).toBe(true);
    expect(a.slice(prefix.length)).toMatch(/^[0-9a-z]+$/);
    expect(a).not.toBe(b);
  });
});
