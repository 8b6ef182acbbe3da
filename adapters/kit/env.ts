/**
 * A whole number from the environment; unset or empty keeps the fallback, anything else
 * outside [min, max] stops start-up with a message naming the variable and its value.
 */
export function envWholeNumber(
  name: string,
  fallback: number,
  {
    min = 0,
    max = Number.MAX_SAFE_INTEGER,
    what = 'a whole number',
  }: { min?: number; max?: number; what?: string } = {},
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be ${what} from ${min} to ${max}: ${raw}`);
  return n;
}
