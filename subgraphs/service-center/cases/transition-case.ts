import type { AdapterContext } from '../../../adapters/kit/operation';
import { requestChannel } from '../channel';
import type { ServiceCenterDeps } from '../deps';
import { freshRead } from '../fresh-read';
import type { CaseRecord, CaseStatusCode } from '../model';
import { forgetCase } from '../operations';
import { refuse } from './errors';
import { issueResult } from './issue-result';
import { readCase } from './replay';
import { assertTransition } from './state-machine';

export interface TransitionCaseInput {
  id: string;
  to: CaseStatusCode;
  note?: string | null;
}

/**
 * An officer moves a case. The move is checked against the transition table, then written only
 * if nobody moved the case since it was read (its version): of two officers acting at once, one
 * wins and the other gets ILLEGAL_TRANSITION from the state the winner left. Reaching ISSUED
 * issues the matter's certificate first (idempotent by case id), then records it on the case.
 */
export async function transitionCase(
  deps: ServiceCenterDeps,
  ctx: AdapterContext,
  channel: string,
  input: TransitionCaseInput,
): Promise<CaseRecord> {
  const note = input.note?.trim() || null;
  if (note && note.length > 500) throw refuse('INVALID_ARGUMENT', 'note must be at most 500 characters');
  const store = await deps.store();
  const [c] = await store.casesById([input.id]);
  if (!c) throw refuse('NOT_FOUND', `no case has the id ${input.id}`);
  assertTransition(c.id, c.status, input.to);

  let certificateId: string | null = null;
  if (input.to === 'ISSUED') {
    const matter = await deps.ops.matterByCode.load(freshRead(ctx), c.matterCode);
    if (matter?.issues) certificateId = (await issueResult(deps, ctx, c, matter.issues)).id;
  }
  const step = { from: c.status, to: input.to, channel: requestChannel(channel), note };
  const moved = await store.moveCase(c.id, c.version, [step], deps.clock(), certificateId);
  const now = await readCase(store, c.id);
  forgetCase(deps.ops, ctx, now);
  if (!moved) {
    // Someone else moved it first: judge the request against where they left it.
    assertTransition(now.id, now.status, input.to);
    throw refuse('ILLEGAL_TRANSITION', `case ${c.id} changed while it was being moved; read it again`);
  }
  return now;
}
