import type { Caller, GraphQLReply, Stack } from '../helpers/stack';
import { sortErrors, type ExpectedReply, type SeenError } from './expected-read';
import { leaksIn, stringsIn, type KnownValues, type Leak } from './leak-detector';

/** The data of a reply by the test-only officer (E2E-TEST: every field, unmasked), failing on any error. */
export async function e2eData(stack: Stack, query: string, variables: Record<string, unknown> = {}) {
  const reply = await stack.query(query, variables);
  if (reply.status !== 200 || reply.body.errors)
    throw new Error(`baseline read failed: ${JSON.stringify(reply.body)}`);
  return reply.body.data as Record<string, unknown>;
}

/** A reply as the matrix compares it: status, data (absent when refused whole), errors in a stable order. */
export function seen(reply: GraphQLReply): ExpectedReply {
  const errors: SeenError[] = (reply.body.errors ?? []).map((e) => ({
    code: e.extensions?.code,
    path: (e.path ?? []).join('.'),
    department: e.extensions?.department ?? null,
    message: e.message,
  }));
  return {
    status: reply.status,
    ...(reply.body.data !== undefined ? { data: reply.body.data } : {}),
    errors: sortErrors(errors),
  };
}

/**
 * The leaks of one reply: personal data in its data that the caller should not see, and in
 * its error messages beyond what the caller itself sent (a refusal may repeat the id asked for).
 */
export function leaksOf(
  reply: GraphQLReply,
  known: KnownValues,
  expected: unknown,
  variables: Record<string, unknown>,
): Leak[] {
  // What the caller sent is cut out of the messages first: repeating it tells them nothing.
  const sent = stringsIn(variables).filter((s) => s.length > 0);
  const messages = (reply.body.errors ?? []).map((e) =>
    sent.reduce((m, s) => m.split(s).join('…'), e.message),
  );
  return [
    ...leaksIn(reply.body.data ?? null, known, expected),
    ...leaksIn(messages, known, expected).map((l) => ({ ...l, in: `error: ${l.in}` })),
  ];
}

/** The channel each kind of caller uses. */
export const channelOf = (c: Caller) =>
  c.claims?.role === 'officer' ? 'counter' : c.claims?.role === 'service' ? 'terminal' : 'app';
