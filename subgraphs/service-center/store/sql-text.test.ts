import { marks, numberPlaceholders } from './sql-session';
import { toDistrictIso } from './timestamps';

describe('shared SQL text', () => {
  it('writes an IN list of n placeholders', () => {
    expect(marks(3)).toBe('?, ?, ?');
  });

  it('numbers placeholders for PostgreSQL in order', () => {
    expect(
      numberPlaceholders('SELECT * FROM cases WHERE applicant_type = ? AND applicant_id IN (?, ?)'),
    ).toBe('SELECT * FROM cases WHERE applicant_type = $1 AND applicant_id IN ($2, $3)');
  });
});

describe('toDistrictIso', () => {
  it('formats a PostgreSQL Date and SQLite text identically, with the +08:00 offset', () => {
    expect(toDistrictIso(new Date('2026-11-20T01:32:00Z'))).toBe('2026-11-20T09:32:00+08:00');
    expect(toDistrictIso('2026-11-20T09:32:00+08:00')).toBe('2026-11-20T09:32:00+08:00');
    expect(toDistrictIso('2026-11-19T20:15:00-05:00')).toBe('2026-11-20T09:15:00+08:00');
  });

  it('refuses text that is not a timestamp', () => {
    expect(() => toDistrictIso('yesterday')).toThrow('not a timestamp: yesterday');
  });
});
