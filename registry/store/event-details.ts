import { RegistryArgumentError } from './argument-error';
import type { RegistryEvent, RegistryEventKind } from '../model';

const KINDS: readonly RegistryEventKind[] = [
  'bootstrap',
  'publish',
  'override',
  'rollback',
  'refused',
  'register-operations',
];

/** A NUL escape not itself escaped (`\\u0000` is a backslash, then text): the JSON of a U+0000 character. */
const NUL_ESCAPE = /(?<!\\)((?:\\\\)*)\\u0000/g;

/**
 * An event's `details` as stored JSON text, or null when there are none (`undefined` comes back
 * as null). PostgreSQL's jsonb (and text) cannot hold U+0000, so every engine stores it as U+FFFD:
 * a NUL smuggled into a refused schema's message must not make the refusal's own event fail.
 */
export function detailsJson(details: unknown): string | null {
  const json = JSON.stringify(details);
  return json === undefined ? null : json.replace(NUL_ESCAPE, '$1\\ufffd');
}

/** U+0000 in a text column's value as every engine stores it (PostgreSQL text cannot hold it). */
export function withoutNul(text: string): string {
  return text.replaceAll('\u0000', '\ufffd');
}

/** Checks an event before it is appended (the service builds them: mistakes are plain Errors). */
export function checkEvent(event: Omit<RegistryEvent, 'id' | 'at'>): void {
  if (!KINDS.includes(event?.kind))
    throw new RegistryArgumentError(
      `appendEvent: kind must be one of ${KINDS.join(', ')}: ${String(event?.kind)}`,
    );
  if (typeof event.actor !== 'string' || event.actor === '')
    throw new RegistryArgumentError('appendEvent: actor must be a non-empty string');
  if (typeof event.summary !== 'string')
    throw new RegistryArgumentError('appendEvent: summary must be a string');
  if (event.department !== null && typeof event.department !== 'string')
    throw new RegistryArgumentError('appendEvent: department must be a string or null');
  const v = event.supergraphVersion;
  if (v !== null && !(Number.isInteger(v) && v >= 1))
    throw new RegistryArgumentError(
      `appendEvent: supergraphVersion must be null or a version number: ${String(v)}`,
    );
}
