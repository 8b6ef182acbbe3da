import { DataLayerError } from '../kit/errors';
import { HttpUpstream } from '../kit/http-upstream';
import { parseIdentity, parseUscc } from '../kit/identity';
import { logger } from '../kit/logger';
import { LegacyOperation, newAdapterContext, type AdapterContext, type BatchResult } from '../kit/operation';
import { FhirClient } from './client';
import { badReply } from './errors';
import { companyIdentifier, identifierKey, personIdentifier, type FhirIdentifier } from './identifiers';
import {
  companyPermits,
  documentSubject,
  mapDocumentReference,
  personDocuments,
  type MappedDocument,
} from './mapping';
import type {
  BirthMedicalCertificate,
  HealthCertificate,
  PersonHealthDocuments,
  PublicPlaceHealthPermit,
} from './model';
import { resolveHealthOptions, type HealthAdapterOptions } from './options';
import { DEPARTMENT, DOCUMENT_TYPES, DOCUMENT_TYPE_SYSTEM } from './vocabulary';

export type * from './model';
export { fromEnv, HEALTH_DEFAULTS, type HealthAdapterOptions } from './options';

/** The Health Commission's documents, read through its FHIR server. Every read validates its key first. */
export interface HealthAdapter {
  readonly department: typeof DEPARTMENT;
  /** Birth certificate and health certificates of a person; null when the Commission holds nothing for them. */
  personDocuments(ctx: AdapterContext, personId: string): Promise<PersonHealthDocuments | null>;
  /** The person's current birth medical certificate, or null. */
  birthMedicalCertificate(ctx: AdapterContext, personId: string): Promise<BirthMedicalCertificate | null>;
  /** The person's health certificates, newest first ([] when none). */
  healthCertificates(ctx: AdapterContext, personId: string): Promise<HealthCertificate[]>;
  /** The company's public-place health permits, newest first ([] when none). */
  publicPlaceHealthPermits(ctx: AdapterContext, uscc: string): Promise<PublicPlaceHealthPermit[]>;
  /** Does the FHIR server answer its CapabilityStatement? */
  ready(): Promise<boolean>;
  close(): Promise<void>;
  /** The batched legacy operations (their breakers and counters). */
  readonly operations: {
    readonly personDocuments: LegacyOperation<string, PersonHealthDocuments>;
    readonly companyPermits: LegacyOperation<string, PublicPlaceHealthPermit[]>;
  };
}

const PERSON_TYPES = [DOCUMENT_TYPES.birthMedicalCertificate, DOCUMENT_TYPES.healthCertificate];
const COMPANY_TYPES = [DOCUMENT_TYPES.publicPlaceHealthPermit];

export function createHealthAdapter(options: HealthAdapterOptions = {}): HealthAdapter {
  const o = resolveHealthOptions(options);
  const upstream = new HttpUpstream({
    department: DEPARTMENT,
    url: o.url,
    connections: o.connections,
    connectTimeoutMs: o.connectTimeoutMs,
    headersTimeoutMs: o.headersTimeoutMs,
    bodyTimeoutMs: o.bodyTimeoutMs,
  });
  const client = new FhirClient(upstream, {
    basePath: o.basePath,
    pageSize: o.pageSize,
    maxPages: o.maxPages,
  });

  /**
   * One search for every key of a batch (identifiers OR-ed with commas), all pages read,
   * each document handed to the key whose identifier is its subject. A malformed document
   * fails only its own key.
   */
  async function documentsOf<V>(
    keys: readonly string[],
    identifierOf: (key: string) => FhirIdentifier,
    types: readonly string[],
    build: (docs: MappedDocument[]) => V | null,
    ctx: AdapterContext,
  ): Promise<BatchResult<V>> {
    const identifiers = keys.map(identifierOf);
    const slotOf = new Map(identifiers.map((i, slot) => [identifierKey(i), slot]));
    const resources = await client.search(
      'DocumentReference',
      [
        ['subject:identifier', identifiers],
        ['type', types.map((t) => `${DOCUMENT_TYPE_SYSTEM}|${t}`).join(',')],
      ],
      ctx,
    );
    const docs: MappedDocument[][] = keys.map(() => []);
    const failed: (Error | undefined)[] = keys.map(() => undefined);
    for (const resource of resources) {
      const subject = documentSubject(resource);
      if (subject === undefined)
        throw badReply(
          'DocumentReference search',
          `DocumentReference/${String(resource.id)} has no subject identifier`,
        );
      const slot = slotOf.get(subject);
      if (slot === undefined) {
        logger.warn(
          { department: DEPARTMENT, document: resource.id },
          'FHIR search returned a document of a subject not asked for',
        );
        continue;
      }
      try {
        const mapped = mapDocumentReference(resource);
        if (mapped) docs[slot]!.push(mapped);
      } catch (e) {
        failed[slot] = e as Error;
      }
    }
    return keys.map((_, slot) => failed[slot] ?? build(docs[slot]!));
  }

  const personIdentifierOf = (id: string) => personIdentifier(parseIdentity(id));

  // The data class sets the TTL (CACHE_TTL_MS_BY_DATA_CLASS); only an explicit cacheTtlMs option overrides it.
  const operations = {
    personDocuments: new LegacyOperation<string, PersonHealthDocuments>({
      department: DEPARTMENT,
      name: 'documents.byPerson',
      batch: (ids, ctx) => documentsOf(ids, personIdentifierOf, PERSON_TYPES, personDocuments, ctx),
      maxBatchSize: o.maxIdsPerSearch,
      cache: o.cache,
      dataClass: 'health',
      cacheTtlMs: o.cacheTtlMs,
      breaker: o.breaker,
    }),
    companyPermits: new LegacyOperation<string, PublicPlaceHealthPermit[]>({
      department: DEPARTMENT,
      name: 'permits.byCompany',
      batch: (usccs, ctx) => documentsOf(usccs, companyIdentifier, COMPANY_TYPES, companyPermits, ctx),
      maxBatchSize: o.maxIdsPerSearch,
      cache: o.cache,
      dataClass: 'health',
      cacheTtlMs: o.cacheTtlMs,
      breaker: o.breaker,
    }),
  };

  const adapter: HealthAdapter = {
    department: DEPARTMENT,
    operations,
    // Keys are validated (and normalised) before the loader sees them: an invalid one never reaches the server.
    personDocuments: async (ctx, personId) =>
      operations.personDocuments.load(ctx, parseIdentity(personId).id),
    birthMedicalCertificate: async (ctx, personId) =>
      (await adapter.personDocuments(ctx, personId))?.birthMedicalCertificate ?? null,
    healthCertificates: async (ctx, personId) =>
      (await adapter.personDocuments(ctx, personId))?.healthCertificates ?? [],
    publicPlaceHealthPermits: async (ctx, uscc) =>
      (await operations.companyPermits.load(ctx, parseUscc(uscc))) ?? [],
    ready: async () => {
      try {
        return await client.capabilities(newAdapterContext());
      } catch (e) {
        if (!(e instanceof DataLayerError)) throw e;
        return false;
      }
    },
    close: () => upstream.close(),
  };
  return adapter;
}
