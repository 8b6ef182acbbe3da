import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';
import type { AuditReader, WritableAuditStore } from './reader';
import type { AuditDraft, AuditStore } from './record';

/** A department's read with everything a test does not care about filled in. */
export function draft(over: Partial<AuditDraft> = {}): AuditDraft {
  return {
    time: '2026-11-20T01:00:00.000Z',
    traceId: 'a'.repeat(32),
    kind: 'read',
    actor: 'officer-0042',
    role: 'OFFICER',
    channel: 'counter',
    purpose: 'case:C2026112000001',
    caseId: 'C2026112000001',
    department: 'health',
    entityType: 'Person',
    entityId: '310107199003070017',
    subject: 'Person:310107199003070017',
    fields: ['birthDate', 'name'],
    outcome: 'returned',
    ...over,
  };
}

/** `n` drafts one second apart from `start`, numbered in entityId so each is told apart. */
export function drafts(n: number, start = Date.parse('2026-11-20T01:00:00.000Z')): AuditDraft[] {
  return Array.from({ length: n }, (_, i) =>
    draft({ time: new Date(start + i * 1000).toISOString(), entityId: `E${String(i + 1).padStart(4, '0')}` }),
  );
}

/** A checkpoint signing key pair: the private JWK for the store, the public JWKS for verify. */
export async function signingKeys(kid = 'test-audit-1'): Promise<{ privateJwk: JWK; jwks: JSONWebKeySet }> {
  const { privateKey, publicKey } = await generateKeyPair('EdDSA', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'EdDSA' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'EdDSA', use: 'sig' };
  return { privateJwk, jwks: { keys: [publicJwk] } };
}

/** A fresh temporary folder, and a function that removes it. */
export function tempDir(prefix = 'audit-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the JWKS where verify-cli can read it; returns the path. */
export function writeJwks(dir: string, jwks: JSONWebKeySet, name = 'audit.jwks.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(jwks));
  return file;
}

/**
 * One engine under the shared suites (store, query and tamper conformance): SQLite, PostgreSQL,
 * or memory. `fresh()` gives each test an empty database; stores opened after it share it.
 */
export interface AuditTarget {
  engine: string;
  fresh(): Promise<void>;
  /** A writer store on the current database (a new chain each time). */
  openStore(options?: {
    signingKey?: JWK;
    checkpointEvery?: number;
    checkpointIntervalMs?: number;
  }): Promise<WritableAuditStore>;
  /** A read-only reader on the current database. */
  openReader(): Promise<AuditReader & { query: AuditStore['query'] }>;
  /** Cleans up everything fresh() made. */
  dropAll(): Promise<void>;
}

/** A SQL engine: an attacker's direct access to the current database. */
export interface SqlAuditTarget extends AuditTarget {
  /** Runs one statement with `?` placeholders, as someone with direct access to the database. */
  exec(sql: string, params?: unknown[]): Promise<void>;
  /** Drops the append-only triggers, as an attacker with file or owner access would first. */
  dropTriggers(): Promise<void>;
}
