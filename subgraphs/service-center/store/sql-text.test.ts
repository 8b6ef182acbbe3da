import { insertRows, marks, numberPlaceholders, type SqlSession } from './sql-session';
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

  describe('insertRows', () => {
    const recording = () => {
      const sent: { sql: string; params: readonly unknown[] }[] = [];
      const session: SqlSession = {
        query: async (sql, params = []) => {
          sent.push({ sql, params });
          return [];
        },
        exec: async () => undefined,
      };
      return { sent, session };
    };

    it('writes every row in one statement, the parameters row after row', async () => {
      const { sent, session } = recording();
      await insertRows(
        session,
        'case_events',
        ['case_id', 'seq', 'note'],
        [
          ['C1', 1, null],
          ['C1', 2, 'accepted'],
        ],
      );
      expect(sent).toEqual([
        {
          sql: 'INSERT INTO case_events (case_id, seq, note) VALUES (?, ?, ?), (?, ?, ?)',
          params: ['C1', 1, null, 'C1', 2, 'accepted'],
        },
      ]);
    });

    it('sends nothing for no rows, and refuses a row that does not fit the columns', async () => {
      const { sent, session } = recording();
      await insertRows(session, 'case_events', ['case_id', 'seq'], []);
      expect(sent).toEqual([]);
      await expect(insertRows(session, 'case_events', ['case_id', 'seq'], [['C1']])).rejects.toThrow(
        'case_events: a row of 1 values for 2 columns',
      );
      expect(sent).toEqual([]);
    });
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
