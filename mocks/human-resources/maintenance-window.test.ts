import { parseMaintenanceWindow, secondsUntilWindowEnds } from './maintenance-window';

/** A UTC instant for a Shanghai wall-clock time on 2026-11-26 (UTC+8). */
const shanghai = (hhmm: string) => new Date(`2026-11-26T${hhmm}:00+08:00`);

describe('maintenance window', () => {
  const nightly = parseMaintenanceWindow('01:00-05:00');

  it('answers the seconds until 05:00 Shanghai time when inside the window', () => {
    expect(secondsUntilWindowEnds(nightly, shanghai('02:00'))).toBe(10_800);
    expect(secondsUntilWindowEnds(nightly, shanghai('01:00'))).toBe(14_400);
    expect(secondsUntilWindowEnds(nightly, shanghai('04:59'))).toBe(60);
  });

  it('is closed outside the window, 05:00 itself included', () => {
    expect(secondsUntilWindowEnds(nightly, shanghai('05:00'))).toBeUndefined();
    expect(secondsUntilWindowEnds(nightly, shanghai('00:59'))).toBeUndefined();
    expect(secondsUntilWindowEnds(nightly, shanghai('14:00'))).toBeUndefined();
  });

  it('judges by Shanghai time, not the host time zone: 18:00 UTC is 02:00 in Shanghai', () => {
    expect(secondsUntilWindowEnds(nightly, new Date('2026-11-26T18:00:00Z'))).toBe(10_800);
  });

  it('handles a window spanning midnight', () => {
    const w = parseMaintenanceWindow('23:30-00:30');
    expect(secondsUntilWindowEnds(w, shanghai('23:45'))).toBe(2_700);
    expect(secondsUntilWindowEnds(w, shanghai('00:15'))).toBe(900);
    expect(secondsUntilWindowEnds(w, shanghai('00:30'))).toBeUndefined();
  });

  it('refuses a malformed window naming the option and the value', () => {
    expect(() => parseMaintenanceWindow('1:00-5:00')).toThrow(
      'maintenanceWindow must be "HH:mm-HH:mm" (Asia/Shanghai) or null: "1:00-5:00"',
    );
    expect(() => parseMaintenanceWindow('03:00-03:00')).toThrow(
      'maintenanceWindow must not start and end at the same time: 03:00-03:00',
    );
  });
});
