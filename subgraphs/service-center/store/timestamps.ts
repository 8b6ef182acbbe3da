/** The district's UTC offset: China has one time zone and no daylight saving time. */
const DISTRICT_OFFSET_MINUTES = 8 * 60;

/**
 * A stored timestamp as ISO 8601 with the district's offset, e.g. `2026-11-20T09:32:00+08:00`.
 * PostgreSQL hands back a Date (timestamptz), SQLite the text that was written: both come out
 * identical so the engines cannot be told apart by clients.
 */
export function toDistrictIso(value: Date | string): string {
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${String(value)}`);
  const local = new Date(date.getTime() + DISTRICT_OFFSET_MINUTES * 60_000);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}
