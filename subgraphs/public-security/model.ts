import type { Person } from '../../adapters/public-security/model';

/**
 * What the Person resolvers get: the registry's record, or, while the registry cannot answer,
 * the person known only by their (valid) identity number and the error every registry field
 * then fails with. Other departments can still answer for that person.
 */
export type PersonParent = Person | { id: string; unavailable: Error };
