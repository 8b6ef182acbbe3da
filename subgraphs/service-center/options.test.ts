import { MemoryCache } from '../../adapters/kit/cache';
import os from 'node:os';
import path from 'node:path';
import {
  resolveServiceCenterOptions,
  serviceCenterSubgraphOptionsFromEnv,
  SERVICE_CENTER_DEFAULTS,
} from './options';

describe('service-center options', () => {
  it('defaults to the SQLite file in the temp folder, the service_center schema, 10 connections and batches of 100', () => {
    expect(resolveServiceCenterOptions({})).toEqual({
      sqlitePath: path.join(os.tmpdir(), 'one-window', 'service-center.sqlite'),
      pgSchema: 'service_center',
      pgPoolSize: 10,
      maxBatchSize: 100,
    });
    expect(SERVICE_CENTER_DEFAULTS.sqlitePath).toBe(
      path.join(os.tmpdir(), 'one-window', 'service-center.sqlite'),
    );
  });

  it('names the option and the value it got', () => {
    expect(() => resolveServiceCenterOptions({ maxBatchSize: 0 })).toThrow(
      'maxBatchSize must be an integer from 1 to 1000: 0',
    );
    expect(() => resolveServiceCenterOptions({ pgPoolSize: 2.5 })).toThrow(
      'pgPoolSize must be an integer from 1 to 1000: 2.5',
    );
    expect(() => resolveServiceCenterOptions({ pgSchema: 'Robert"; DROP' })).toThrow(
      'pgSchema must be a lower-case SQL identifier (a-z, 0-9, _): Robert"; DROP',
    );
    expect(() => resolveServiceCenterOptions({ sqlitePath: ' ' })).toThrow(
      `sqlitePath must be a file path or ':memory:': " "`,
    );
  });

  it('never repeats a database URL that may hold a password', () => {
    expect(() => resolveServiceCenterOptions({ databaseUrl: 'mysql://root:s3cret@db/one' })).toThrow(
      'databaseUrl must be a postgres:// URL: got mysql:',
    );
  });

  it('reads DATABASE_URL and the SERVICE_CENTER_ variables', () => {
    expect(
      serviceCenterSubgraphOptionsFromEnv({
        DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
        SERVICE_CENTER_SQLITE_PATH: '/var/lib/one-window/sc.sqlite',
        SERVICE_CENTER_PG_SCHEMA: 'sc',
        SERVICE_CENTER_PG_POOL_SIZE: '4',
        SERVICE_CENTER_MAX_BATCH_SIZE: '50',
        SERVICE_CENTER_CATALOGUE_DIR: '/etc/one-window/catalogue',
        BIG_DATA_CENTER_URL: 'http://10.0.7.1:8080',
      }),
    ).toEqual({
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/test',
      sqlitePath: '/var/lib/one-window/sc.sqlite',
      pgSchema: 'sc',
      pgPoolSize: 4,
      maxBatchSize: 50,
      catalogueDir: '/etc/one-window/catalogue',
      bigDataCenter: { url: 'http://10.0.7.1:8080' },
      cache: expect.any(MemoryCache),
    });
    expect(serviceCenterSubgraphOptionsFromEnv({ DATABASE_URL: '' })).toEqual({
      bigDataCenter: {},
      cache: expect.any(MemoryCache),
    });
  });

  it('stops start-up naming the variable with the bad value', () => {
    expect(() => serviceCenterSubgraphOptionsFromEnv({ SERVICE_CENTER_PG_POOL_SIZE: 'ten' })).toThrow(
      'SERVICE_CENTER_PG_POOL_SIZE: pgPoolSize must be an integer from 1 to 1000: NaN',
    );
    expect(() => serviceCenterSubgraphOptionsFromEnv({ DATABASE_URL: 'localhost:5432' })).toThrow(
      'DATABASE_URL: databaseUrl must be a postgres:// URL: got localhost:',
    );
    expect(() => serviceCenterSubgraphOptionsFromEnv({ BIG_DATA_CENTER_URL: 'ftp://library' })).toThrow(
      'BIG_DATA_CENTER_URL: url must be an absolute http(s) URL: ftp://library',
    );
  });
});
