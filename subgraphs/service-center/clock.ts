import { toDistrictIso } from './store/timestamps';

/** The service centre's clock; tests fix it so validity checks and case ids do not depend on the day they run. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The district's calendar day (YYYY-MM-DD, +08:00) at `now`. */
export function districtDay(now: Date): string {
  return toDistrictIso(now).slice(0, 10);
}
