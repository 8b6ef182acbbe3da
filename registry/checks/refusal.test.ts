import { overrideBreaks, refusalOf } from './refusal';
import type { CheckReport } from './report';

const base: CheckReport = {
  department: 'health',
  ok: false,
  baseVersion: 3,
  unchanged: false,
  problems: [],
  changes: [],
  brokenOperations: [],
  checkedOperations: 2,
  supergraphSdl: null,
};
const broken = {
  id: 'a'.repeat(64),
  name: 'CounterView',
  source: 'registered' as const,
  client: 'counter',
  owner: 'Service centre counter team',
  errors: ['Cannot query field "x" on type "Person".', 'second'],
};

describe('refusalOf', () => {
  it('is null for a report that may land', () => {
    expect(refusalOf({ ...base, ok: true })).toBeNull();
  });

  it('takes the code of the first problem and lists every reason', () => {
    const refusal = refusalOf({
      ...base,
      problems: [
        { code: 'TYPE_NOT_OWNED', subgraph: 'health', message: 'type "X" is owned by tax' },
        { code: 'COMPOSITION_FAILED', subgraph: 'tax', message: 'E: bad' },
      ],
      brokenOperations: [broken],
    })!;
    expect(refusal.code).toBe('TYPE_NOT_OWNED');
    expect(refusal.message).toBe(
      [
        'health refused:',
        'TYPE_NOT_OWNED [health] type "X" is owned by tax',
        'COMPOSITION_FAILED [tax] E: bad',
        'OPERATIONS_WOULD_BREAK: 1 operation(s) in use would break (land it anyway with an override and a reason):',
        '  CounterView (counter, Service centre counter team): Cannot query field "x" on type "Person".',
      ].join('\n'),
    );
  });

  it('is OPERATIONS_WOULD_BREAK for broken operations only, and null when they are overridden', () => {
    const report = { ...base, brokenOperations: [broken] };
    expect(refusalOf(report)!.code).toBe('OPERATIONS_WOULD_BREAK');
    expect(refusalOf(report, true)).toBeNull();
    expect(overrideBreaks(report)).toEqual(['counter:CounterView']);
  });

  it('never lets an override land a schema problem', () => {
    const report = {
      ...base,
      problems: [{ code: 'SCHEMA_INVALID' as const, subgraph: 'health', message: 'x' }],
      brokenOperations: [broken],
    };
    expect(refusalOf(report, true)!.code).toBe('SCHEMA_INVALID');
  });
});
