import type { ChainHead } from './chain';
import type { AuditRecord, AuditStore } from './record';

/**
 * A signed statement by a writer that its chain held `seq` records ending in `hash` at `time`.
 * Anyone holding the public key can later prove that the first `seq` records were neither
 * changed nor removed (trust/audit/checkpoints.ts).
 */
export interface AuditCheckpoint {
  writer: string;
  seq: number;
  hash: string;
  /** When it was signed, ISO 8601 UTC with milliseconds. */
  time: string;
  /** The signing key's id (the JWS header's `kid`), to pick the public key from the JWKS. */
  kid: string;
  /** Compact JWS (EdDSA) over `{"writer","seq","hash","time"}` (checkpointPayloadJson). */
  signature: string;
}

/**
 * Read access to the raw chains, for verification (verify.ts, `npm run audit:verify`) and
 * auditors' tools. Opening one never creates a writer chain (openAuditReader).
 */
export interface AuditReader {
  /** Every writer that has a record or a checkpoint, sorted. */
  readChains(): Promise<string[]>;
  /**
   * The writer's records by seq, then by insertion order (so two rows claiming one seq both
   * show up), read in pages: a chain of millions never sits in memory at once.
   */
  readChain(writer: string): AsyncIterable<AuditRecord>;
  /** The writer's checkpoints by seq, then insertion order. */
  readCheckpoints(writer: string): Promise<AuditCheckpoint[]>;
  close(): Promise<void>;
}

/** What openAuditStore returns: one writer's store that can also read the raw chains. */
export interface WritableAuditStore extends AuditStore, AuditReader {
  /** This writer's last committed record (moves only after a commit). */
  readonly head: ChainHead;
  /** Signs and stores a checkpoint of the head now, if it moved since the last one (no-op without a signing key). */
  checkpoint(): Promise<void>;
}

/** Rows per page when reading a chain (readChain). @default 1000 */
export const CHAIN_PAGE_SIZE = 1000;
