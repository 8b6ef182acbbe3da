/**
 * Who is asking. The gateway turns a verified JWT into an Actor (trust/auth), signs it into
 * the context it sends each subgraph (trust/context), and every policy decision and audit
 * record is about one Actor.
 */
export const ROLES = ['CITIZEN', 'COMPANY_AGENT', 'OFFICER', 'AUDITOR', 'SERVICE'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  /** Stable id of whoever acts: the token's `sub` (an officer's staff id, a client's id, a citizen's person id). */
  id: string;
  role: Role;
  /** CITIZEN: the person's canonical identity number (as `Person.id`). */
  person?: string;
  /** COMPANY_AGENT: the unified social credit code of the one company the agent acts for. */
  company?: string;
  /** OFFICER: the department the officer belongs to (a subgraph name, e.g. `service-center`, `health`). */
  department?: string;
  /** OFFICER: the counter window, e.g. `A-07`. */
  window?: string;
  /** SERVICE: the client (channel app or device), e.g. `terminal-putuo-03`. */
  client?: string;
  /** What the token allows beyond the role (OAuth-style scopes), e.g. `digital-id:verify`. */
  scopes: string[];
  /** The token's issuer (`iss`), kept for the audit trail. */
  issuer: string;
  /** The token's id (`jti`), when it has one. */
  tokenId?: string;
}

/** The purpose an officer states for a request (`x-purpose` header): a case they handle, or a statutory code. */
export type Purpose = { kind: 'case'; caseId: string } | { kind: 'statutory'; code: string };

/** The purpose as one string, the way the header carries it and the audit trail records it. */
export function purposeText(p: Purpose | undefined): string | null {
  if (!p) return null;
  return p.kind === 'case' ? `case:${p.caseId}` : p.code;
}
