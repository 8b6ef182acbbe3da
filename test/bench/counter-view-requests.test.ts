import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';
import { seededRandom } from '../../mocks/kit/random';
import { emptyRun } from './autocannon-run';
import {
  counterViewRequests,
  latencyByCompanies,
  shuffled,
  spreadOut,
  type CounterViewSet,
} from './counter-view-requests';

const set: CounterViewSet = {
  matterCode: 'SC-002',
  officerTokens: ['t1', 't2', 't3'],
  people: [
    { id: '110101199001010011', caseId: 'C1', hasCompanies: false },
    { id: '110101199001010022', caseId: 'C2', hasCompanies: true },
    { id: '110101199001010033', caseId: 'C3', hasCompanies: false },
  ],
};

describe('counter view requests', () => {
  it('views every person once per pass, each for their own case, by one of the officers', () => {
    const next = counterViewRequests(set, 1);
    const requests = Array.from({ length: 6 }, next);
    for (const pass of [requests.slice(0, 3), requests.slice(3)]) {
      const ids = pass.map((r) => (JSON.parse(r.body) as { variables: { id: string } }).variables.id);
      expect([...ids].sort()).toEqual(set.people.map((p) => p.id));
    }
    for (const r of requests) {
      const body = JSON.parse(r.body) as { query: string; operationName: string; variables: { id: string } };
      const person = set.people.find((p) => p.id === body.variables.id)!;
      expect(body.query).toBe(COUNTER_VIEW_QUERY);
      expect(body.operationName).toBe('CounterView');
      expect(r.headers['x-purpose']).toBe(`case:${person.caseId}`);
      expect(r.headers['x-channel']).toBe('counter');
      expect(['Bearer t1', 'Bearer t2', 'Bearer t3']).toContain(r.headers.authorization);
      expect(r.tag).toBe(person.hasCompanies ? 'with companies' : 'no companies');
    }
  });

  it('sends the same sequence for the same seed', () => {
    const a = Array.from({ length: 9 }, counterViewRequests(set, 4));
    const b = Array.from({ length: 9 }, counterViewRequests(set, 4));
    expect(a).toEqual(b);
  });

  it('shuffles into a permutation, deterministically for a seed', () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const s = shuffled(items, seededRandom(9));
    expect([...s].sort((x, y) => x - y)).toEqual(items);
    expect(s).toEqual(shuffled(items, seededRandom(9)));
    expect(s).not.toEqual(items);
  });

  it('spreads a few people evenly over the list and keeps the others in order', () => {
    const people = Array.from({ length: 10 }, (_, i) => i);
    expect(spreadOut(people, 2)).toEqual({ picked: [2, 7], rest: [0, 1, 3, 4, 5, 6, 8, 9] });
    expect(spreadOut(people, 10)).toEqual({ picked: people, rest: [] });
    expect(() => spreadOut(people, 11)).toThrow('11 people asked for, 10 prepared');
  });

  it('splits a run’s p50 and p99 between the views of people with companies and those without', () => {
    const run = emptyRun();
    // 100 views without companies taking 1..100 ms, 10 with companies taking 201..210 ms.
    for (let ms = 1; ms <= 100; ms++) {
      run.latenciesMs.push(ms);
      run.tags.push('no companies');
    }
    for (let ms = 201; ms <= 210; ms++) {
      run.latenciesMs.push(ms);
      run.tags.push('with companies');
    }
    expect(latencyByCompanies(run)).toEqual({
      'p50 with companies ms': 205,
      'p99 with companies ms': 210,
      'p50 no companies ms': 50,
      'p99 no companies ms': 99,
      'views with companies': 10,
    });
  });
});
