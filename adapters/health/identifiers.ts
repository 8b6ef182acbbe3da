import type { ParsedIdentity } from '../kit/identity';
import {
  FOREIGN_PERMANENT_RESIDENCE_SYSTEM,
  PASSPORT_SYSTEM_PREFIX,
  RESIDENCE_PERMIT_SYSTEM,
  RESIDENT_ID_SYSTEM,
  TRAVEL_PERMIT_SYSTEM,
  USCC_SYSTEM,
} from './vocabulary';

/** A FHIR Identifier (system and value), the way the Commission knows a person or organisation. */
export interface FhirIdentifier {
  system: string;
  value: string;
}

const SYSTEM_BY_DOCUMENT = {
  RESIDENT_ID_CARD: RESIDENT_ID_SYSTEM,
  HK_MACAO_RESIDENCE_PERMIT: RESIDENCE_PERMIT_SYSTEM,
  TAIWAN_RESIDENCE_PERMIT: RESIDENCE_PERMIT_SYSTEM,
  FOREIGN_PERMANENT_RESIDENCE_ID: FOREIGN_PERMANENT_RESIDENCE_SYSTEM,
  MAINLAND_TRAVEL_PERMIT: TRAVEL_PERMIT_SYSTEM,
} as const;

const PERSON_SYSTEMS = new Set<string>(Object.values(SYSTEM_BY_DOCUMENT));

/** The identifier to search for a (validated) person. */
export function personIdentifier(p: ParsedIdentity): FhirIdentifier {
  if (p.documentType === 'PASSPORT')
    return { system: PASSPORT_SYSTEM_PREFIX + p.country, value: p.documentNumber };
  return { system: SYSTEM_BY_DOCUMENT[p.documentType], value: p.documentNumber };
}

/** The canonical person id for an identifier the server sent; undefined for a system we do not know. */
export function personIdFromIdentifier(i: FhirIdentifier): string | undefined {
  const value = i.value.trim().toUpperCase();
  if (PERSON_SYSTEMS.has(i.system)) return value;
  if (i.system.startsWith(PASSPORT_SYSTEM_PREFIX)) {
    const country = i.system.slice(PASSPORT_SYSTEM_PREFIX.length);
    return /^[A-Z]{3}$/.test(country) ? `P-${country}-${value}` : undefined;
  }
  return undefined;
}

export function companyIdentifier(uscc: string): FhirIdentifier {
  return { system: USCC_SYSTEM, value: uscc };
}

/** `system|value` with the value upper-cased, for matching what the server sends back to what we asked. */
export function identifierKey(i: FhirIdentifier): string {
  return `${i.system}|${i.value.trim().toUpperCase()}`;
}

/** A FHIR token search value `system|value`, with `,` `|` `$` `\` escaped as the search syntax requires. */
export function tokenValue(i: FhirIdentifier): string {
  const esc = (s: string) => s.replace(/[\\,|$]/g, (c) => `\\${c}`);
  return `${esc(i.system)}|${esc(i.value)}`;
}
