import type http from 'node:http';
import { logger } from '../../adapters/kit/logger';
import type { Actor } from '../../trust/actor';
import type { Authenticator } from '../../trust/auth/authenticate';
import type { TrustContext } from '../../trust/context/trust-context';
import type { AccessPolicy } from '../../trust/policy/policy';
import { parsePurpose, PURPOSE_HEADER } from './purpose';

/** The actor of every request when authentication is turned off for local work (never in production). */
export const INSECURE_DEVELOPER: Actor = {
  id: 'insecure-developer',
  role: 'OFFICER',
  department: 'service-center',
  window: 'DEV',
  scopes: [],
  issuer: 'none (OWDL_INSECURE_NO_AUTH)',
};

/**
 * Who asks and why: the bearer token verified (or, with the development flag, the fixed insecure
 * developer) and the stated purpose checked against the registry; throws the typed refusal
 * otherwise. Whose data the request may touch is worked out later, once the operation is known to
 * be valid (trust-plugin.ts), so a malformed or oversized request costs no department a look-up;
 * until then it may touch no one.
 */
export async function trustForRequest(
  req: http.IncomingMessage,
  base: { traceId: string; channel: string },
  deps: { policy: AccessPolicy; authenticator: Authenticator | null },
): Promise<TrustContext> {
  const actor = deps.authenticator
    ? await deps.authenticator.authenticate(req.headers.authorization)
    : INSECURE_DEVELOPER;
  const header = req.headers[PURPOSE_HEADER];
  const purpose = parsePurpose(deps.policy, actor, typeof header === 'string' ? header : undefined);
  return {
    actor,
    channel: base.channel,
    purpose,
    traceId: base.traceId,
    subjects: { persons: [], companies: [] },
  };
}

/** Says loudly, once at start-up, that nobody is being authenticated. */
export function warnInsecure(): void {
  const line = '!'.repeat(78);
  logger.warn(
    { flag: 'OWDL_INSECURE_NO_AUTH' },
    `\n${line}\nAUTHENTICATION IS OFF: every request acts as ${INSECURE_DEVELOPER.id} (an officer).\nFor local work with a foreign supergraph only; production refuses to start like this.\n${line}`,
  );
}
