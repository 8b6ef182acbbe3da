/**
 * GB/T 4754-2017 classes the registry records, and the industry slugs the rest of the
 * data layer uses (the one-licence-for-one-industry catalogue keys on them). A class not
 * listed here passes through as the class code, so a new industry shows up rather than fails.
 */
export const INDUSTRY_BY_CLASS: Readonly<Record<string, string>> = {
  H6210: 'restaurant',
  F5251: 'pharmacy',
  F5212: 'supermarket',
  F5222: 'bakery',
  F5213: 'convenience-store',
  H6110: 'hotel',
  O8040: 'beauty-salon',
  R8930: 'gym',
  F5243: 'bookstore',
  O8030: 'laundry',
};

export function industryOf(classCode: string): string {
  return INDUSTRY_BY_CLASS[classCode] ?? classCode;
}
