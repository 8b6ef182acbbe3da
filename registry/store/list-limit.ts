import { RegistryArgumentError } from './argument-error';
/** Checks the `limit` of a newest-first list: undefined for all, else a whole number ≥ 1. */
export function checkLimit(limit: number | undefined, what: string): void {
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1))
    throw new RegistryArgumentError(`${what}: limit must be a whole number, at least 1: ${String(limit)}`);
}
