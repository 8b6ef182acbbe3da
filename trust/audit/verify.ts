import type { JSONWebKeySet } from 'jose';
import { GENESIS_HASH, hashRecord } from './chain';
import { checkCheckpoint, checkpointKeys, type CheckpointKeys } from './checkpoints';
import type { AuditCheckpoint, AuditReader } from './reader';
import type { AuditRecord } from './record';

/** How a chain was found broken (the heuristic is explained at classify()). */
export type ProblemKind = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'bad-checkpoint';

/** The first broken record of one chain. */
export interface VerifyProblem {
  writer: string;
  /** The first seq at which the chain stops being what its writer wrote. */
  seq: number;
  kind: ProblemKind;
  detail: string;
}

export interface ChainReport {
  writer: string;
  /** Records stored for the writer (all of them, also past a problem). */
  records: number;
  checkpoints: number;
  /** Seq of the last signed checkpoint, null if none: records after it are not covered by a signature. */
  lastCheckpointSeq: number | null;
  ok: boolean;
  problem?: VerifyProblem;
}

export interface VerifyReport {
  /** Every chain verified. */
  ok: boolean;
  chains: ChainReport[];
  /** Records over all chains. */
  records: number;
  /** Checkpoints over all chains. */
  checkpoints: number;
  /** The first problem of each broken chain, in chain order. */
  problems: VerifyProblem[];
}

export interface VerifyOptions {
  /** Called every `progressEvery` records of a chain (the CLI prints it on stderr). */
  onProgress?: (writer: string, records: number) => void;
  /** @default 100_000 records */
  progressEvery?: number;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Checks every chain the reader holds against the public keys:
 * - the records' seqs are exactly 1..n;
 * - each record's prevHash is the previous record's hash (GENESIS_HASH for seq 1);
 * - each record's hash is the SHA-256 of its canonical JSON (chain.ts);
 * - each checkpoint's signature verifies under the JWKS key its kid names, says what its row
 *   says, and its (seq, hash) is the stored record's at that seq;
 * - no checkpoint lies beyond the last record (else the tail was cut off).
 * A chain is checked up to its first problem only (everything after a break is suspect anyway).
 * Records are streamed page by page: memory stays flat however long the chains are.
 */
export async function verifyAudit(
  reader: AuditReader,
  publicJwks: JSONWebKeySet,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const keys = checkpointKeys(publicJwks);
  const chains: ChainReport[] = [];
  for (const writer of await reader.readChains())
    chains.push(await verifyChain(reader, writer, keys, options));
  const problems = chains.flatMap((c) => (c.problem ? [c.problem] : []));
  return {
    ok: problems.length === 0,
    chains,
    records: chains.reduce((n, c) => n + c.records, 0),
    checkpoints: chains.reduce((n, c) => n + c.checkpoints, 0),
    problems,
  };
}

interface CheckedCheckpoint {
  cp: AuditCheckpoint;
  /** What is wrong with its signature or row, or null. */
  fault: string | null;
}

/** A link break whose kind is known only once the rest of the chain was seen (see classify). */
interface PendingLink {
  seq: number;
  wanted: string;
  hashIntact: boolean;
  foundAt: number | null;
}

async function verifyChain(
  reader: AuditReader,
  writer: string,
  keys: CheckpointKeys,
  options: VerifyOptions,
): Promise<ChainReport> {
  const progressEvery = options.progressEvery ?? 100_000;
  const stored = await reader.readCheckpoints(writer);
  const checkpoints: CheckedCheckpoint[] = [];
  for (const cp of stored) checkpoints.push({ cp, fault: await checkCheckpoint(cp, keys) });
  let nextCp = 0;
  let problem: VerifyProblem | null = null;
  let pending: PendingLink | null = null;
  let expected = 1;
  let prevHash = GENESIS_HASH;
  let prevPrevHash: string | null = null;
  let count = 0;

  const fail = (seq: number, kind: ProblemKind, detail: string) => {
    problem = { writer, seq, kind, detail };
  };
  /** Checkpoints at or before `seq` that are not yet passed, in seq order. */
  const passCheckpoints = (upTo: number, record: AuditRecord | null) => {
    while (!problem && nextCp < checkpoints.length && checkpoints[nextCp]!.cp.seq <= upTo) {
      const { cp, fault } = checkpoints[nextCp++]!;
      if (fault) fail(cp.seq, 'bad-checkpoint', `checkpoint at seq ${cp.seq}: ${fault}`);
      else if (!Number.isInteger(cp.seq) || cp.seq < 1)
        fail(cp.seq, 'bad-checkpoint', `checkpoint at seq ${cp.seq}: not a seq of a record`);
      else if (record && cp.seq === record.seq && cp.hash !== record.hash)
        fail(
          cp.seq,
          'bad-checkpoint',
          `the checkpoint signed at seq ${cp.seq} says hash ${short(cp.hash)}, the record has ${short(record.hash)}: ` +
            'records up to it were rewritten with recomputed hashes',
        );
    }
  };

  for await (const r of reader.readChain(writer)) {
    count++;
    if (options.onProgress && count % progressEvery === 0) options.onProgress(writer, count);
    if (pending && pending.foundAt === null && r.hash === pending.wanted) pending.foundAt = r.seq;
    if (problem || pending) continue;
    const broken = classify(r, expected, prevHash, prevPrevHash);
    if (broken && 'pending' in broken) pending = broken.pending;
    else if (broken) fail(broken.seq, broken.kind, broken.detail);
    else passCheckpoints(r.seq, r);
    prevPrevHash = prevHash;
    prevHash = r.hash;
    expected = r.seq + 1;
  }
  if (pending) {
    const p: PendingLink = pending;
    if (p.foundAt !== null)
      fail(
        p.seq,
        'reordered',
        `seq ${p.seq} links to the record stored at seq ${p.foundAt} (hash ${short(p.wanted)}): records were moved`,
      );
    else
      fail(
        p.seq,
        'deleted',
        `seq ${p.seq} links to a record (hash ${short(p.wanted)}) that is no longer stored` +
          (p.hashIntact ? ' and was renumbered with a recomputed hash' : ''),
      );
  }
  if (!problem) {
    const last = expected - 1;
    // Checkpoints beyond the last record: a forged one is a bad checkpoint, a genuine one proves the cut.
    passCheckpoints(Number.MAX_SAFE_INTEGER, null);
    const beyond = checkpoints.filter((c) => c.cp.seq > last);
    if (!problem && beyond.length > 0) {
      const furthest = Math.max(...beyond.map((c) => c.cp.seq));
      fail(
        last + 1,
        'truncated',
        `a signed checkpoint vouches for seq ${furthest}, the chain ends at seq ${last}: records ${last + 1}..${furthest} were removed`,
      );
    }
  }
  const result: VerifyProblem | null = problem;
  const lastCp = stored.length > 0 ? Math.max(...stored.map((c) => c.seq)) : null;
  return {
    writer,
    records: count,
    checkpoints: stored.length,
    lastCheckpointSeq: lastCp,
    ok: result === null,
    ...(result ? { problem: result } : {}),
  };
}

type Classified = { seq: number; kind: ProblemKind; detail: string } | { pending: PendingLink } | null;

/**
 * Whether record `r`, read where seq `expected` should be, continues the chain, and if not, the
 * likeliest tampering. The hash covers seq and prevHash, so every change shows; which change it
 * was is a heuristic, in this order:
 * - seq below expected: a second record claims a seq already seen → `inserted`.
 * - seq above expected: a gap → `deleted` (the missing seqs).
 * - link intact, hash wrong → `edited` (a field changed in place).
 * - link broken, but it points at the hash of the record two back: the record in between is one
 *   that was slipped in (and the ones after renumbered) → `inserted`, at that record's seq.
 * - link broken, and the record would hash right with the expected prevHash: the prevHash field
 *   itself was changed → `edited`.
 * - otherwise the record points at a predecessor that is not the previous one. If that
 *   predecessor turns up later in the chain (the rest is streamed to look), records were moved
 *   → `reordered`; if it is nowhere, it was removed and the later ones renumbered → `deleted`.
 */
function classify(
  r: AuditRecord,
  expected: number,
  prevHash: string,
  prevPrevHash: string | null,
): Classified {
  if (r.seq < expected)
    return { seq: r.seq, kind: 'inserted', detail: `a second record claims seq ${r.seq}` };
  if (r.seq > expected)
    return {
      seq: expected,
      kind: 'deleted',
      detail:
        r.seq === expected + 1
          ? `seq ${expected} is missing (the next record is seq ${r.seq})`
          : `seqs ${expected}..${r.seq - 1} are missing`,
    };
  const recomputed = hashRecord(r);
  const hashIntact = recomputed === r.hash;
  const linkIntact = r.prevHash === prevHash;
  if (hashIntact && linkIntact) return null;
  if (linkIntact)
    return {
      seq: r.seq,
      kind: 'edited',
      detail: `stored hash ${short(r.hash)}, the record's fields hash to ${short(recomputed)}: a field was changed`,
    };
  if (prevPrevHash !== null && r.prevHash === prevPrevHash)
    return {
      seq: r.seq - 1,
      kind: 'inserted',
      detail: `seq ${r.seq} links past seq ${r.seq - 1} to seq ${r.seq - 2}: seq ${r.seq - 1} was slipped in`,
    };
  if (!hashIntact && hashRecord({ ...r, prevHash }) === r.hash)
    return { seq: r.seq, kind: 'edited', detail: `its prevHash was changed to ${short(r.prevHash)}` };
  return { pending: { seq: r.seq, wanted: r.prevHash, hashIntact, foundAt: null } };
}
