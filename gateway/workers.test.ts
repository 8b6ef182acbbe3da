import os from 'node:os';
import { gatewayWorkerCount, MAX_GATEWAY_WORKERS } from './workers';

describe('GATEWAY_WORKERS', () => {
  it('is one process serving itself unless set', () => {
    expect([gatewayWorkerCount({}), gatewayWorkerCount({ GATEWAY_WORKERS: '' })]).toEqual([1, 1]);
  });

  it('takes a count, or auto for one worker per CPU', () => {
    expect(gatewayWorkerCount({ GATEWAY_WORKERS: '3' })).toBe(3);
    expect(gatewayWorkerCount({ GATEWAY_WORKERS: 'auto' })).toBe(
      Math.min(MAX_GATEWAY_WORKERS, os.availableParallelism()),
    );
  });

  it.each(['0', '-1', '1.5', 'many', String(MAX_GATEWAY_WORKERS + 1)])(
    'refuses %s, naming the variable',
    (v) => {
      expect(() => gatewayWorkerCount({ GATEWAY_WORKERS: v })).toThrow(
        `GATEWAY_WORKERS must be a number of worker processes (or auto) from 1 to ${MAX_GATEWAY_WORKERS}: ${v}`,
      );
    },
  );
});
