import { REALISTIC_LATENCY_MS } from './latencies';
import {
  COUNTER_VIEW_READS,
  criticalPath,
  minimumCallCount,
  minimumCalls,
  pathText,
} from './counter-view-reads';

describe('the counter view legacy reads', () => {
  it('needs one call per system for a person without companies, and licences and tax besides for one with', () => {
    expect(minimumCalls(false)).toEqual({
      'public-security': 1,
      'market-supervision': 1,
      housing: 1,
      'human-resources': 1,
      'big-data-center': 1,
    });
    expect(minimumCalls(true)).toEqual({
      'public-security': 1,
      'market-supervision': 2,
      tax: 1,
      housing: 1,
      'human-resources': 1,
      'big-data-center': 1,
    });
    expect([minimumCallCount(false), minimumCallCount(true)]).toEqual([5, 7]);
  });

  it('finds human resources alone as the critical path at the realistic latencies', () => {
    const cp = criticalPath(REALISTIC_LATENCY_MS);
    expect(cp.reads.map((r) => r.id)).toEqual(['social-security']);
    expect(cp.ms).toBe(REALISTIC_LATENCY_MS['human-resources']);
    expect(pathText(cp.reads, REALISTIC_LATENCY_MS)).toBe(
      `human-resources (social-security, ${REALISTIC_LATENCY_MS['human-resources']} ms)`,
    );
  });

  it('follows a chain when the reads after market supervision make it the longest', () => {
    const latencies = { ...REALISTIC_LATENCY_MS, 'human-resources': 10, 'market-supervision': 70, tax: 90 };
    const cp = criticalPath(latencies);
    expect(cp.reads.map((r) => r.id)).toEqual(['companies', 'tax']);
    expect(cp.ms).toBe(160);
    expect(pathText(cp.reads, latencies)).toBe('market-supervision (companies, 70 ms) → tax (tax, 90 ms)');
  });

  it('names only reads that exist as the ones a read waits for', () => {
    const ids = new Set(COUNTER_VIEW_READS.map((r) => r.id));
    expect(COUNTER_VIEW_READS.flatMap((r) => r.after).filter((id) => !ids.has(id))).toEqual([]);
  });
});
