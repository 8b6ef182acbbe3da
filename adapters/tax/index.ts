import { parseUscc } from '../kit/identity';
import { LegacyOperation, type AdapterContext } from '../kit/operation';
import { TaxClient } from './client';
import { DEPARTMENT } from './errors';
import type { TaxStatus } from './model';
import { MysqlReader } from './mysql-reader';
import { backendOf, resolveTaxOptions, type TaxAdapterOptions } from './options';
import type { SqlReader } from './sql-reader';
import { SqliteReader } from './sqlite-reader';

export type { TaxStatus, TaxCreditRating, TaxpayerStatus } from './model';
export { fromEnv, type TaxAdapterOptions } from './options';

export interface TaxAdapter {
  /** A company's tax status; null when the bureau has no current registration. Invalid USCC: INVALID_CREDIT_CODE, no query. */
  taxStatus(ctx: AdapterContext, uscc: string): Promise<TaxStatus | null>;
  /** The legacy operations, for their breakers and counters (`stats.calls` = queries sent). */
  readonly operations: { readonly taxStatusByUscc: LegacyOperation<string, TaxStatus> };
  /** Which engine the bureau's views are read from. */
  readonly backend: 'sqlite' | 'mysql';
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Opens the reader the URL selects: SQLite file or MariaDB pool. */
export function createSqlReader(options: TaxAdapterOptions): SqlReader {
  const o = resolveTaxOptions(options);
  if (backendOf(o.url) === 'sqlite') return new SqliteReader(o.url.slice('sqlite:'.length), o.busyTimeoutMs);
  return new MysqlReader({
    url: o.url,
    connections: o.connections,
    connectTimeoutMs: o.connectTimeoutMs,
    queryTimeoutMs: o.queryTimeoutMs,
  });
}

/** The Taxation Bureau adapter: tax registration, credit rating and standing of companies. */
export function createTaxAdapter(options: TaxAdapterOptions = {}): TaxAdapter {
  const o = resolveTaxOptions(options);
  const client = new TaxClient(createSqlReader(o));
  const taxStatusByUscc = new LegacyOperation<string, TaxStatus>({
    department: DEPARTMENT,
    name: 'taxStatus.byUscc',
    batch: (usccs) => client.statusByUscc(usccs),
    maxBatchSize: o.maxBatchSize,
    cache: o.cache,
    // The data class sets the TTL (CACHE_TTL_MS_BY_DATA_CLASS); only an explicit cacheTtlMs option overrides it.
    dataClass: 'tax-status',
    cacheTtlMs: o.cacheTtlMs,
    breaker: o.breaker,
  });
  return {
    backend: client.reader.backend,
    operations: { taxStatusByUscc },
    async taxStatus(ctx, uscc) {
      return taxStatusByUscc.load(ctx, parseUscc(uscc));
    },
    async ready() {
      return client.ping().then(
        () => true,
        () => false,
      );
    },
    close: () => client.close(),
  };
}
