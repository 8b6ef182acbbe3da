import { MAX_OPERATION_LABELS, operationLabel } from './telemetry-plugin';

describe('operationLabel', () => {
  it('keeps well-formed names, calls the rest anonymous', () => {
    expect(operationLabel('CounterView')).toBe('CounterView');
    expect(operationLabel(undefined)).toBe('anonymous');
    expect(operationLabel('drop table;')).toBe('anonymous');
  });

  it('stops making new label values after MAX_OPERATION_LABELS names, so a client cannot grow memory', () => {
    for (let i = 0; i < MAX_OPERATION_LABELS + 50; i++) operationLabel(`Probe${i}`);
    expect(operationLabel('CounterView')).toBe('CounterView');
    expect(operationLabel('BrandNewName')).toBe('other');
  });
});
