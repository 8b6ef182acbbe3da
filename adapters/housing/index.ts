import iconv from 'iconv-lite';
import { DataLayerError } from '../kit/errors';
import { parseIdentity, parseUscc } from '../kit/identity';
import { LegacyOperation, type AdapterContext, type BatchResult } from '../kit/operation';
import { TcpPool } from '../kit/tcp-pool';
import { HousingClient, ownerTag } from './client';
import { MAX_KEYS_PER_REQUEST, REQUEST } from './copybook';
import { DEPARTMENT, badReply } from './errors';
import { frameReply } from './framing';
import { toProperty } from './mapping';
import type { OwnerKey, Property } from './model';
import { resolveHousingOptions, type HousingAdapterOptions } from './options';
import type { LegacyReply } from './records';

export type { OwnerKey, Property, PropertyOwner, PropertyUsage, OwnerType } from './model';
export { fromEnv as housingOptionsFromEnv, type HousingAdapterOptions } from './options';

/**
 * A valid owner key in canonical form; throws INVALID_IDENTITY_NUMBER / INVALID_CREDIT_CODE
 * (before any legacy call) when the id is wrong.
 */
export function canonicalOwnerKey(key: OwnerKey): OwnerKey {
  if (key?.type === 'PERSON') return { type: 'PERSON', id: parseIdentity(key.id).id };
  if (key?.type === 'COMPANY') return { type: 'COMPANY', id: parseUscc(key.id) };
  throw new DataLayerError('INVALID_ARGUMENT', `owner type must be PERSON or COMPANY: ${String(key?.type)}`, {
    department: DEPARTMENT,
  });
}

/** The register's owner id field is 18 bytes: a longer canonical id (a long passport number) cannot be registered there. */
function fitsRegister(key: OwnerKey): boolean {
  return key.id.length <= REQUEST.ownerIdWidth;
}

/** The number as the error shows it: JSON-quoted (control characters visible as escapes), at most 60 characters. */
function shown(raw: string): string {
  const s = String(raw ?? '');
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
}

/**
 * A certificate number fit for the 40-byte QCRT key field. CR and LF would end the record and
 * start another transaction; other control characters (NUL, the C0/C1 range, DEL) are no part
 * of a printed number and a mainframe gateway may take NUL as the end of its buffer; a lone
 * surrogate would be sent as `?`, another number. All are INVALID_ARGUMENT, before any call.
 */
function checkCertificateNumber(raw: string): string {
  const n = String(raw ?? '').trim();
  const bytes = iconv.encode(n, 'gb18030').length;
  if (bytes === 0 || bytes > REQUEST.certNoWidth || /[\p{Cc}\p{Cs}]/u.test(n))
    throw new DataLayerError(
      'INVALID_ARGUMENT',
      `certificate number must be 1 to ${REQUEST.certNoWidth} GB18030 bytes on one line, without control characters: ${shown(raw)}`,
      {
        department: DEPARTMENT,
      },
    );
  return n;
}

function ownedBy(reply: LegacyReply, keys: readonly OwnerKey[]): BatchResult<Property[]> {
  const properties = reply.properties.map(toProperty);
  const notFound = new Set(reply.notFound);
  return keys.map((k) => {
    if (notFound.has(ownerTag(k))) return null;
    const owned = properties.filter((p) => p.owners.some((o) => o.type === k.type && o.id === k.id));
    return owned.length > 0
      ? owned
      : badReply(`neither a property nor a not-found record for owner ${ownerTag(k)}`);
  });
}

/**
 * The Real Estate Registration adapter: properties by owner (person or company) and by
 * certificate number, over the registry's fixed-width GB18030 TCP transactions.
 */
export function createHousingAdapter(input: HousingAdapterOptions = {}) {
  const options = resolveHousingOptions(input);
  const pool = new TcpPool({
    department: DEPARTMENT,
    url: options.url,
    frame: frameReply,
    maxConnections: options.maxConnections,
    connectTimeoutMs: options.connectTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const client = new HousingClient(pool);
  const shared = {
    department: DEPARTMENT,
    maxBatchSize: MAX_KEYS_PER_REQUEST,
    cache: options.cache,
    // The data class sets the TTL (CACHE_TTL_MS_BY_DATA_CLASS); only an explicit cacheTtlMs option overrides it.
    dataClass: 'property' as const,
    cacheTtlMs: options.cacheTtlMs,
    breaker: options.breaker,
  };

  /** QOWN: one exchange for up to 20 owners. */
  const byOwner = new LegacyOperation<OwnerKey, Property[]>({
    ...shared,
    name: 'properties.byOwner',
    cacheKey: (k) => `${k.type === 'PERSON' ? 'P' : 'C'}:${k.id}`,
    batch: async (keys, ctx) => ownedBy(await client.queryByOwners(keys, ctx.signal), keys),
  });

  /** QCRT: one exchange for up to 20 certificate numbers. */
  const byCertificate = new LegacyOperation<string, Property>({
    ...shared,
    name: 'property.byCertificateNumber',
    batch: async (numbers, ctx) => {
      const reply = await client.queryByCertificates(numbers, ctx.signal);
      const found = new Map(reply.properties.map((p) => [p.certNo, toProperty(p)]));
      const notFound = new Set(reply.notFound);
      return numbers.map(
        (n) => found.get(n) ?? (notFound.has(n) ? null : badReply(`no record for certificate ${n}`)),
      );
    },
  });

  /** Properties an owner holds (alone or in part); null when the register does not know the owner. */
  const propertiesByOwner = async (ctx: AdapterContext, key: OwnerKey): Promise<Property[] | null> => {
    const k = canonicalOwnerKey(key);
    return fitsRegister(k) ? byOwner.load(ctx, k) : null;
  };

  return {
    department: DEPARTMENT,
    operations: { byOwner, byCertificate },
    propertiesByOwner,

    /** Many owners at once (batched 20 to an exchange); each slot is the list, null, or that owner's Error. */
    async propertiesByOwners(
      ctx: AdapterContext,
      keys: readonly OwnerKey[],
    ): Promise<(Property[] | null | Error)[]> {
      return Promise.all(keys.map((k) => propertiesByOwner(ctx, k).catch((e: Error) => e)));
    },

    /** The property a real estate certificate number stands for; null when there is none. */
    async propertyByCertificateNumber(
      ctx: AdapterContext,
      certificateNumber: string,
    ): Promise<Property | null> {
      return byCertificate.load(ctx, checkCertificateNumber(certificateNumber));
    },

    /** Connections to the registry: open, idle, waiting requests, opened and discarded so far. */
    connections: () => pool.stats(),

    /** Whether the registry accepts connections (no transaction is run). */
    async ready(): Promise<boolean> {
      return client.probe().then(
        () => true,
        () => false,
      );
    },

    close(): Promise<void> {
      return client.close();
    },
  };
}

export type HousingAdapter = ReturnType<typeof createHousingAdapter>;
