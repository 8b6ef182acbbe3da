import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_POLICY, operatorPolicies, resolvePolicy } from './policy';

/** An environment holding only the operator's policy, so process.env and its cache stay out of it. */
const withPolicy = (policy: unknown): NodeJS.ProcessEnv => ({ LEGACY_POLICY: JSON.stringify(policy) });

describe('resolvePolicy', () => {
  it('gives the defaults when neither the adapter nor the operator says anything', () => {
    expect(resolvePolicy('tax', 'status.byUscc', undefined, {})).toEqual({
      timeoutMs: 3_000,
      breaker: {
        errorThresholdPercentage: 50,
        volumeThreshold: 5,
        rollingWindowMs: 10_000,
        resetTimeoutMs: 5_000,
        slowCallMs: 1_000,
      },
      retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 500, budgetPercent: 20, minPerSecond: 2 },
      bulkhead: { maxConcurrent: 32, maxQueue: 64 },
      cacheTtlMs: 60_000,
      staleIfErrorMs: 600_000,
      coalesce: true,
    });
  });

  it('refuses per-system settings (bulkhead, retry budget) on one operation, pointing to the department', () => {
    expect(() =>
      operatorPolicies(
        withPolicy({ tax: { operations: { 'status.byUscc': { bulkhead: { maxQueue: 3 } } } } }),
      ),
    ).toThrow(
      'LEGACY_POLICY.tax.operations.status.byUscc: bulkhead belong to the whole system; set them on LEGACY_POLICY.tax',
    );
  });

  it('takes coalesce as true or false only', () => {
    expect(
      resolvePolicy('tax', 'status.byUscc', undefined, withPolicy({ tax: { coalesce: false } })).coalesce,
    ).toBe(false);
    expect(() => operatorPolicies(withPolicy({ tax: { coalesce: 0 } }))).toThrow(
      'LEGACY_POLICY.tax.coalesce must be true or false: 0',
    );
  });

  it('refuses a fraction, naming the path', () => {
    expect(() => operatorPolicies(withPolicy({ tax: { cacheTtlMs: 1500.5 } }))).toThrow(
      'LEGACY_POLICY.tax.cacheTtlMs must be a whole number from 1 to 86400000: 1500.5',
    );
  });

  it('layers defaults, then the adapter, then the operator for the department, then for the operation', () => {
    const env = withPolicy({
      tax: {
        timeoutMs: 8_000,
        retry: { attempts: 1 },
        breaker: { volumeThreshold: 9 },
        bulkhead: { maxQueue: 3 },
        operations: { 'status.byUscc': { timeoutMs: 12_000, breaker: { resetTimeoutMs: 2_000 } } },
      },
    });
    const policy = resolvePolicy(
      'tax',
      'status.byUscc',
      { timeoutMs: 5_000, retry: { attempts: 0, baseDelayMs: 10 }, cacheTtlMs: 1_000 },
      env,
    );
    expect(policy).toEqual({
      timeoutMs: 12_000, // operation beats department beats adapter
      breaker: { ...DEFAULT_POLICY.breaker, volumeThreshold: 9, resetTimeoutMs: 2_000 },
      retry: { ...DEFAULT_POLICY.retry, attempts: 1, baseDelayMs: 10 }, // nested settings merge key by key
      bulkhead: { maxConcurrent: 32, maxQueue: 3 },
      cacheTtlMs: 1_000,
      staleIfErrorMs: 600_000,
      coalesce: true,
    });
  });

  it('applies an operation override only to that operation and a department override only to that department', () => {
    const env = withPolicy({
      tax: { timeoutMs: 8_000, operations: { 'status.byUscc': { timeoutMs: 12_000 } } },
    });
    expect(resolvePolicy('tax', 'filings.byUscc', undefined, env).timeoutMs).toBe(8_000);
    expect(resolvePolicy('health', 'status.byUscc', undefined, env).timeoutMs).toBe(3_000);
  });

  it('refuses an adapter override outside its range, naming the operation, the setting and the value', () => {
    expect(() => resolvePolicy('tax', 'status.byUscc', { retry: { attempts: 11 } }, {})).toThrow(
      'tax.status.byUscc policy.retry.attempts must be a whole number from 0 to 10: 11',
    );
  });

  it('does not change DEFAULT_POLICY when layering', () => {
    resolvePolicy(
      'tax',
      'x',
      { breaker: { volumeThreshold: 1 } },
      withPolicy({ tax: { retry: { attempts: 0 } } }),
    );
    expect(DEFAULT_POLICY.breaker.volumeThreshold).toBe(5);
    expect(DEFAULT_POLICY.retry.attempts).toBe(2);
  });
});

describe('operatorPolicies', () => {
  it('reads LEGACY_POLICY as department settings plus operation settings', () => {
    expect(
      operatorPolicies(
        withPolicy({
          'human-resources': {
            timeoutMs: 8_000,
            operations: { 'socialSecurity.byPerson': { retry: { attempts: 0 } } },
          },
          health: { staleIfErrorMs: 0 },
        }),
      ),
    ).toEqual({
      'human-resources': {
        department: { timeoutMs: 8_000 },
        operations: { 'socialSecurity.byPerson': { retry: { attempts: 0 } } },
      },
      health: { department: { staleIfErrorMs: 0 }, operations: {} },
    });
  });

  it('gives no overrides when neither LEGACY_POLICY nor LEGACY_POLICY_FILE is set', () => {
    expect(operatorPolicies({})).toEqual({});
  });

  it('refuses an unknown setting, naming its path and the known ones', () => {
    expect(() => operatorPolicies(withPolicy({ tax: { retry: { attempt: 1 } } }))).toThrow(
      'LEGACY_POLICY.tax.retry.attempt is not a policy setting (known: attempts, baseDelayMs, maxDelayMs, budgetPercent, minPerSecond)',
    );
  });

  it('refuses an out-of-range value in an operation, naming the full path and the value', () => {
    expect(() =>
      operatorPolicies(
        withPolicy({
          tax: { operations: { 'status.byUscc': { breaker: { errorThresholdPercentage: 0 } } } },
        }),
      ),
    ).toThrow(
      'LEGACY_POLICY.tax.operations.status.byUscc.breaker.errorThresholdPercentage must be a whole number from 1 to 100: 0',
    );
  });

  it('refuses a number given as a string, naming the path and quoting the value', () => {
    expect(() => operatorPolicies(withPolicy({ tax: { timeoutMs: '8000' } }))).toThrow(
      'LEGACY_POLICY.tax.timeoutMs must be a whole number from 1 to 600000: "8000"',
    );
  });

  it('refuses a group of settings given as a number, naming the path and the value', () => {
    expect(() => operatorPolicies(withPolicy({ tax: { bulkhead: 10 } }))).toThrow(
      'LEGACY_POLICY.tax.bulkhead must be an object: 10',
    );
  });

  it('refuses a department given as something other than an object, naming it and the value', () => {
    expect(() => operatorPolicies(withPolicy({ tax: 8_000 }))).toThrow(
      'LEGACY_POLICY.tax must be an object: 8000',
    );
    expect(() => operatorPolicies(withPolicy({ tax: null }))).toThrow(
      'LEGACY_POLICY.tax must be an object: null',
    );
  });

  it('refuses operations given as a list, naming the path and the value', () => {
    expect(() => operatorPolicies(withPolicy({ tax: { operations: [{ timeoutMs: 1 }] } }))).toThrow(
      'LEGACY_POLICY.tax.operations must be an object: [{"timeoutMs":1}]',
    );
  });

  it('refuses LEGACY_POLICY that is not JSON, saying so', () => {
    expect(() => operatorPolicies({ LEGACY_POLICY: '{tax: {}}' })).toThrow(
      /^LEGACY_POLICY is not valid JSON: /,
    );
  });

  it('refuses LEGACY_POLICY that is JSON but not an object by department', () => {
    expect(() => operatorPolicies({ LEGACY_POLICY: '[]' })).toThrow(
      'LEGACY_POLICY must be a JSON object by department',
    );
  });

  describe('with LEGACY_POLICY_FILE', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the file and names it in messages', () => {
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify({ tax: { timeoutMs: 9_000 } }));
      expect(resolvePolicy('tax', 'x', undefined, { LEGACY_POLICY_FILE: file }).timeoutMs).toBe(9_000);
      writeFileSync(file, JSON.stringify({ tax: { retry: { minPerSecond: -1 } } }));
      expect(() => operatorPolicies({ LEGACY_POLICY_FILE: file })).toThrow(
        `LEGACY_POLICY_FILE (${file}).tax.retry.minPerSecond must be a whole number from 0 to 1000: -1`,
      );
    });

    it('prefers LEGACY_POLICY when both are set', () => {
      const file = join(dir, 'policy.json');
      writeFileSync(file, JSON.stringify({ tax: { timeoutMs: 9_000 } }));
      const env = { LEGACY_POLICY: JSON.stringify({ tax: { timeoutMs: 7_000 } }), LEGACY_POLICY_FILE: file };
      expect(resolvePolicy('tax', 'x', undefined, env).timeoutMs).toBe(7_000);
    });

    it('refuses a file that cannot be read, naming it', () => {
      const file = join(dir, 'missing.json');
      expect(() => operatorPolicies({ LEGACY_POLICY_FILE: file })).toThrow(
        new RegExp(
          `^LEGACY_POLICY_FILE \\(${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\) cannot be read: ENOENT`,
        ),
      );
    });

    it('refuses a file that is not JSON, naming it', () => {
      const file = join(dir, 'policy.json');
      writeFileSync(file, 'timeoutMs=8000');
      expect(() => operatorPolicies({ LEGACY_POLICY_FILE: file })).toThrow(
        `LEGACY_POLICY_FILE (${file}) is not valid JSON: `,
      );
    });
  });
});
