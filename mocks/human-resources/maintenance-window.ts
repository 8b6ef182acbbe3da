/**
 * The HR system's nightly maintenance window (batch settlement of the day's contributions).
 * Times are Asia/Shanghai wall-clock times; China has kept UTC+8 without daylight saving since
 * 1991, so a fixed offset is exact and needs no time-zone database.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_S = 86_400;
const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

export interface MaintenanceWindow {
  /** Seconds after Shanghai midnight the window opens. */
  startS: number;
  /** Seconds after Shanghai midnight the window closes (may be before start: the window spans midnight). */
  endS: number;
}

/** Parses `HH:mm-HH:mm` (e.g. `01:00-05:00`); throws naming the option and the value when it is wrong. */
export function parseMaintenanceWindow(text: string): MaintenanceWindow {
  const m = WINDOW.exec(text);
  if (!m)
    throw new TypeError(
      `maintenanceWindow must be "HH:mm-HH:mm" (Asia/Shanghai) or null: ${JSON.stringify(text)}`,
    );
  const startS = Number(m[1]) * 3600 + Number(m[2]) * 60;
  const endS = Number(m[3]) * 3600 + Number(m[4]) * 60;
  if (startS === endS)
    throw new TypeError(`maintenanceWindow must not start and end at the same time: ${text}`);
  return { startS, endS };
}

/** Seconds until the window closes when `now` is inside it, otherwise `undefined`. */
export function secondsUntilWindowEnds(window: MaintenanceWindow, now: Date): number | undefined {
  const s = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / 1000) % DAY_S;
  const { startS, endS } = window;
  if (startS < endS) return s >= startS && s < endS ? endS - s : undefined;
  if (s >= startS) return DAY_S - s + endS;
  if (s < endS) return endS - s;
  return undefined;
}
