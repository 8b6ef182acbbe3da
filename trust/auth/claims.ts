import type { JWTPayload } from 'jose';
import { DataLayerError } from '../../adapters/kit/errors';
import { parseIdentity, parseUscc } from '../../adapters/kit/identity';
import { SUBGRAPHS } from '../../gateway/departments';
import type { Actor, Role } from '../actor';

/** The `role` claim as tokens carry it (lower case) and the Role it makes. */
export const TOKEN_ROLES = {
  citizen: 'CITIZEN',
  company_agent: 'COMPANY_AGENT',
  officer: 'OFFICER',
  auditor: 'AUDITOR',
  service: 'SERVICE',
} as const satisfies Record<string, Role>;
export type TokenRole = keyof typeof TOKEN_ROLES;

/** Most of any input an error message repeats (a hostile token can be large). */
const ECHO_MAX = 64;
/** `sub`: printable ASCII without spaces, as every identity provider we know issues it. */
const SUBJECT = /^[\x21-\x7e]{1,255}$/;
const WINDOW = /^[A-Z0-9-]{1,16}$/;
const CLIENT_ID = /^[A-Za-z0-9._:-]{1,64}$/;
const SCOPE = /^[a-z0-9:-]{1,64}$/;
const TOKEN_ID = /^[\x21-\x7e]{1,128}$/;
/** Most scopes one token may carry. */
const MAX_SCOPES = 32;
/** The claims that belong to one role only; on a token of another role they mean a confused issuer. */
const ROLE_CLAIMS = { person: 'citizen', company: 'company_agent', department: 'officer', window: 'officer' };

/** `a citizen`, `an officer`: for messages. */
function aRole(role: string): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}

function invalid(why: string): DataLayerError {
  return new DataLayerError('TOKEN_INVALID', why);
}

/** A claim's value for a message: JSON, cut to 64 characters. */
function echo(value: unknown): string {
  const s = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(s.length > ECHO_MAX ? `${s.slice(0, ECHO_MAX)}…` : s);
}

function stringClaim(payload: JWTPayload, name: string): string | undefined {
  const v = payload[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(`"${name}" claim must be a string, got ${echo(v)}`);
  return v;
}

function requiredClaim(payload: JWTPayload, name: string, role: string): string {
  const v = stringClaim(payload, name);
  if (v === undefined || v === '') throw invalid(`${aRole(role)} token needs a "${name}" claim`);
  return v;
}

/**
 * Turns a verified token's claims into the Actor every policy decision and audit record is about.
 * Strict: a missing, malformed or misplaced claim is TOKEN_INVALID, never a weaker actor; the message
 * says what is wrong and repeats at most 64 characters of the token. `client_id` on a non-service token
 * is ignored (RFC 9068 access tokens carry it for every user).
 */
export function actorFromClaims(payload: JWTPayload): Actor {
  const sub = stringClaim(payload, 'sub');
  if (sub === undefined || sub === '') throw invalid('token has no "sub" claim');
  if (!SUBJECT.test(sub)) throw invalid(`"sub" claim ${echo(sub)} must be 1 to 255 printable characters`);
  const issuer = stringClaim(payload, 'iss');
  if (issuer === undefined || issuer === '') throw invalid('token has no "iss" claim');

  const roleClaim = stringClaim(payload, 'role');
  if (roleClaim === undefined) throw invalid('token has no "role" claim');
  if (!Object.hasOwn(TOKEN_ROLES, roleClaim))
    throw invalid(`role ${echo(roleClaim)} is not one of ${Object.keys(TOKEN_ROLES).join(', ')}`);
  const tokenRole = roleClaim as TokenRole;
  for (const [claim, owner] of Object.entries(ROLE_CLAIMS))
    if (payload[claim] !== undefined && owner !== tokenRole)
      throw invalid(`"${claim}" claim is not allowed on ${aRole(tokenRole)} token`);

  const actor: Actor = { id: sub, role: TOKEN_ROLES[tokenRole], scopes: scopes(payload), issuer };
  switch (tokenRole) {
    case 'citizen':
      actor.person = person(stringClaim(payload, 'person') ?? sub);
      break;
    case 'company_agent':
      actor.company = company(requiredClaim(payload, 'company', tokenRole));
      break;
    case 'officer': {
      actor.department = department(requiredClaim(payload, 'department', tokenRole));
      const window = stringClaim(payload, 'window');
      if (window !== undefined) {
        if (!WINDOW.test(window))
          throw invalid(`"window" claim ${echo(window)} must be 1 to 16 of A-Z, 0-9 and -`);
        actor.window = window;
      }
      break;
    }
    case 'service': {
      const client = requiredClaim(payload, 'client_id', tokenRole);
      if (!CLIENT_ID.test(client))
        throw invalid(`"client_id" claim ${echo(client)} must be 1 to 64 of letters, digits and . _ : -`);
      actor.client = client;
      break;
    }
    case 'auditor':
      break;
  }

  const jti = stringClaim(payload, 'jti');
  if (jti !== undefined) {
    if (!TOKEN_ID.test(jti)) throw invalid(`"jti" claim ${echo(jti)} must be 1 to 128 printable characters`);
    actor.tokenId = jti;
  }
  return actor;
}

function person(raw: string): string {
  // parseIdentity's message repeats its input; identity numbers are far shorter than this bound.
  if (raw.length > ECHO_MAX) throw invalid(`"person" claim ${echo(raw)} is not a valid identity number`);
  try {
    return parseIdentity(raw).id;
  } catch (e) {
    throw invalid(`"person" claim: ${(e as Error).message}`);
  }
}

function company(raw: string): string {
  if (raw.length > ECHO_MAX)
    throw invalid(`"company" claim ${echo(raw)} is not a valid unified social credit code`);
  try {
    return parseUscc(raw);
  } catch (e) {
    throw invalid(`"company" claim: ${(e as Error).message}`);
  }
}

function department(raw: string): string {
  if (!SUBGRAPHS.some((s) => s.name === raw))
    throw invalid(`"department" claim ${echo(raw)} is not a department of this data layer`);
  return raw;
}

function scopes(payload: JWTPayload): string[] {
  const raw = stringClaim(payload, 'scope');
  if (raw === undefined) return [];
  const list = raw.split(' ').filter((s) => s !== '');
  if (list.length > MAX_SCOPES) throw invalid(`"scope" claim holds more than ${MAX_SCOPES} scopes`);
  for (const s of list)
    if (!SCOPE.test(s)) throw invalid(`scope ${echo(s)} must be 1 to 64 of a-z, 0-9, : and -`);
  return [...new Set(list)];
}
