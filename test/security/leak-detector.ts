/**
 * Finds personal data in an answer that should not be there. Every string anywhere in the
 * response data is collected and compared with the known values of every golden data subject
 * (names, identity numbers, addresses, card, certificate, property and case numbers), read from
 * the stack itself by the test-only officer. A value counts as leaked when some string of the
 * answer contains it, so an identity number inside a certificate id (`PS-ID-3101…`) is caught too.
 */

/** Every string in a JSON value (object keys excluded), depth first. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/** One data subject's known values: `Person:<id>` or `Company:<uscc>` → the values. */
export type KnownValues = Map<string, Set<string>>;

/**
 * The known values of each subject from a full read of it (any JSON shape): every string of two
 * characters or more (a Chinese name is two), less enum-like words (`VALID`, `PERSON`), which
 * say nothing about anyone.
 */
export function knownValuesOf(reads: Record<string, unknown>): KnownValues {
  const known: KnownValues = new Map();
  for (const [subject, read] of Object.entries(reads))
    known.set(subject, new Set(stringsIn(read).filter((s) => s.length >= 2 && !/^[A-Z_]+$/.test(s))));
  return known;
}

/** A value of a subject found in an answer, and the string that holds it. */
export interface Leak {
  subject: string;
  value: string;
  in: string;
}

/**
 * The leaks in `data`: values of any subject that appear in it although the expected answer
 * (what the policy lets this caller see) holds no string equal to them. Values the expected answer
 * holds are allowed wherever they appear: a household address two family members share is not
 * a leak of the one when the caller may read the other.
 */
export function leaksIn(data: unknown, known: KnownValues, expected: unknown): Leak[] {
  const allowed = new Set(stringsIn(expected));
  // A string the caller may see as a whole carries no leak: Li Na's certificate `HS-RE-2019-012345-2`
  // holds her husband's `HS-RE-2019-012345` by chance.
  const seen = [...new Set(stringsIn(data))].filter((s) => !allowed.has(s));
  const leaks: Leak[] = [];
  for (const [subject, values] of known)
    for (const value of values) {
      if (allowed.has(value)) continue;
      const holder = seen.find((s) => s.includes(value));
      if (holder !== undefined) leaks.push({ subject, value, in: holder });
    }
  return leaks;
}
