import type { Actor, Purpose } from '../actor';

/** Whose data one request may touch, as the gateway worked it out before running it. */
export interface Subjects {
  /**
   * Only the part known so far (a case's applicant while their minor children and companies are
   * still being looked up): a subject outside it is not refused but answered SUBJECTS_INCOMPLETE,
   * and the gateway asks again once it knows the whole set.
   */
  partial?: boolean;
  /** Canonical identity numbers (`Person.id`). */
  persons: string[];
  /** Unified social credit codes (`Company.uscc`). */
  companies: string[];
  /** A statutory purpose that is not bound to data subjects (its registry entry limits types and fields instead). */
  any?: boolean;
}

/**
 * What the gateway tells each subgraph about a request, signed (trust/context/signed-context.ts)
 * so a subgraph can trust it: who asks, from which channel, why, and whose data they may see.
 */
export interface TrustContext {
  actor: Actor;
  channel: string;
  purpose?: Purpose;
  traceId: string;
  subjects: Subjects;
}
