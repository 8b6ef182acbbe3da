import { createTaxAdapter } from './index';
import { DEFAULT_SQLITE_PATH, fromEnv, resolveTaxOptions } from './options';

describe('tax adapter options', () => {
  it('defaults to the SQLite file in the temp folder', () => {
    expect(fromEnv({})).toEqual({ url: `sqlite:${DEFAULT_SQLITE_PATH}` });
    expect(fromEnv({ TAX_SQLITE_PATH: '/data/tax.sqlite' })).toEqual({ url: 'sqlite:/data/tax.sqlite' });
  });

  it('reads through the mock proxy on port 5105 with MARIADB_URL credentials and database when MARIADB_URL is set', () => {
    expect(fromEnv({ MARIADB_URL: 'mysql://root@127.0.0.1:3306/test' }).url).toBe(
      'mysql://root@127.0.0.1:5105/test',
    );
    expect(fromEnv({ MARIADB_URL: 'mariadb://gx:s3cret@db.local/shuiwu' }).url).toBe(
      'mysql://gx:s3cret@127.0.0.1:5105/shuiwu',
    );
  });

  it('takes TAX_URL over everything else', () => {
    expect(
      fromEnv({ TAX_URL: 'mysql://gx@10.0.0.5:3306/gt3', MARIADB_URL: 'mysql://root@127.0.0.1:3306/test' })
        .url,
    ).toBe('mysql://gx@10.0.0.5:3306/gt3');
  });

  it('reads the timeouts and pool size from the environment', () => {
    expect(
      fromEnv({
        TAX_BUSY_TIMEOUT_MS: '300',
        TAX_CONNECT_TIMEOUT_MS: '1000',
        TAX_QUERY_TIMEOUT_MS: '1500',
        TAX_POOL_SIZE: '4',
      }),
    ).toEqual({
      url: `sqlite:${DEFAULT_SQLITE_PATH}`,
      busyTimeoutMs: 300,
      connectTimeoutMs: 1000,
      queryTimeoutMs: 1500,
      connections: 4,
    });
  });

  it('stops start-up naming the variable that holds a bad value', () => {
    expect(() => fromEnv({ TAX_URL: 'postgres://x/y' })).toThrow(
      'TAX_URL must be sqlite:<file> or mysql://user@host:port/database: postgres://x/y',
    );
    expect(() => fromEnv({ TAX_QUERY_TIMEOUT_MS: 'soon' })).toThrow(
      'TAX_QUERY_TIMEOUT_MS must be a positive number: soon',
    );
    expect(() => fromEnv({ TAX_POOL_SIZE: '2.5' })).toThrow('TAX_POOL_SIZE must be a positive integer: 2.5');
  });

  it('checks every option at construction, naming option and value', () => {
    expect(() => createTaxAdapter({ url: 'tax.sqlite' })).toThrow(
      'url must be sqlite:<file> or mysql://user@host:port/database: tax.sqlite',
    );
    expect(() => resolveTaxOptions({ maxBatchSize: 0 })).toThrow(
      'maxBatchSize must be a positive integer: 0',
    );
    expect(() => resolveTaxOptions({ queryTimeoutMs: -1 })).toThrow(
      'queryTimeoutMs must be a positive number: -1',
    );
    expect(() => resolveTaxOptions({ connections: 1.5 })).toThrow(
      'connections must be a positive integer: 1.5',
    );
  });
});
