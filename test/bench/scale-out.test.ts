import { emptyRun } from './autocannon-run';
import { concurrentRuns } from './scale-out';

describe('concurrentRuns', () => {
  it('adds the answers of runs that went on together, over the longest of their durations', () => {
    const a = {
      ...emptyRun(),
      requests: 3,
      durationSec: 5.9,
      latenciesMs: [1, 2, 3],
      tags: [],
      codes: { X: 1 },
    };
    const b = { ...emptyRun(), requests: 2, durationSec: 6.1, latenciesMs: [4, 5], tags: [], non2xx: 1 };
    expect(concurrentRuns([a, b])).toMatchObject({
      requests: 5,
      durationSec: 6.1,
      non2xx: 1,
      codes: { X: 1 },
      latenciesMs: [1, 2, 3, 4, 5],
    });
  });
});
