import { createBreaker } from './breaker';
import { DataLayerError } from './errors';

describe('createBreaker', () => {
  it('opens after the error threshold and then fails fast with CIRCUIT_OPEN without calling', async () => {
    let calls = 0;
    const { fire, breaker } = createBreaker(
      'dept',
      'op',
      async () => {
        calls++;
        throw new DataLayerError('DEPARTMENT_UNAVAILABLE', 'down', { department: 'dept' });
      },
      { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    );
    for (let i = 0; i < 3; i++)
      await expect(fire()).rejects.toMatchObject({ code: 'DEPARTMENT_UNAVAILABLE' });
    expect(breaker.opened).toBe(true);
    await expect(fire()).rejects.toMatchObject({ code: 'CIRCUIT_OPEN', department: 'dept' });
    expect(calls).toBe(3);
    breaker.shutdown();
  });

  it('does not count validation or not-found errors as failures', async () => {
    const { fire, breaker } = createBreaker(
      'dept',
      'op',
      async () => {
        throw new DataLayerError('INVALID_IDENTITY_NUMBER', 'bad id');
      },
      { volumeThreshold: 1, errorThresholdPercentage: 1 },
    );
    for (let i = 0; i < 5; i++)
      await expect(fire()).rejects.toMatchObject({ code: 'INVALID_IDENTITY_NUMBER' });
    expect(breaker.opened).toBe(false);
    breaker.shutdown();
  });

  it('turns a call slower than timeoutMs into DEPARTMENT_TIMEOUT', async () => {
    const { fire, breaker } = createBreaker('dept', 'op', () => new Promise((r) => setTimeout(r, 500)), {
      timeoutMs: 20,
    });
    await expect(fire()).rejects.toMatchObject({ code: 'DEPARTMENT_TIMEOUT', department: 'dept' });
    breaker.shutdown();
  });

  it('refuses an out-of-range option, naming it and the value', () => {
    expect(() => createBreaker('d', 'o', async () => 1, { errorThresholdPercentage: 150 })).toThrow(
      'errorThresholdPercentage must be a number from 1 to 100: 150',
    );
  });
});
