import type { AdapterContext } from '../../../adapters/kit/operation';
import { parseUscc } from '../../../adapters/kit/identity';
import { createCaseOnce, idempotencyConflict, parseIdempotencyKey, requestHash } from '../cases/idempotency';
import { issueResult } from '../cases/issue-result';
import { assertOffered, offeredMatter } from '../cases/matter-rules';
import { outstanding, precheck } from '../cases/precheck';
import { readCase } from '../cases/replay';
import { requireChannel } from '../channel';
import { districtDay } from '../clock';
import type { ServiceCenterDeps } from '../deps';
import type { CaseRecord } from '../model';
import { forgetCase } from '../operations';
import type { CaseStep } from '../store/case-writes';
import type { Store } from '../store/store';
import { freshRead } from '../fresh-read';
import {
  componentMaterials,
  findIndustry,
  industryLicence,
  type IndustryLicenceState,
} from './industry-licence';

export interface ApplyIndustryLicenceInput {
  uscc: string;
  industry: string;
  idempotencyKey: string;
}

export interface ApplyIndustryLicenceOutcome {
  case: CaseRecord;
  industryLicence: IndustryLicenceState;
  replayed: boolean;
}

const AUTO = 'automatic: every component permit is valid in the library';

/**
 * Finishes an approved combined case: issues the comprehensive licence (idempotent by case id)
 * and records ISSUED. Also what a replayed request does when the library failed at that step.
 */
async function finish(
  deps: ServiceCenterDeps,
  ctx: AdapterContext,
  store: Store,
  c: CaseRecord,
): Promise<CaseRecord> {
  if (c.status !== 'APPROVED') return c;
  const matter = await deps.ops.matterByCode.load(freshRead(ctx), c.matterCode);
  if (!matter?.issues) return c;
  const licence = await issueResult(deps, ctx, c, matter.issues);
  const step: CaseStep = { from: 'APPROVED', to: 'ISSUED', channel: null, note: `issued ${licence.id}` };
  await store.moveCase(c.id, c.version, [step], deps.clock(), licence.id);
  // Moved by us or by a concurrent replay: either way the case now says what happened.
  return readCase(store, c.id);
}

/**
 * One licence for one industry: one combined case for all component permits. All valid: the case
 * passes SUBMITTED, ACCEPTED, IN_REVIEW and APPROVED in one transaction and the comprehensive
 * licence is issued (ISSUED); otherwise PRECHECK_FAILED, each missing or invalid component named
 * with its department. The library is read before anything is written.
 */
export async function applyIndustryLicence(
  deps: ServiceCenterDeps,
  ctx: AdapterContext,
  requestChannel: string,
  input: ApplyIndustryLicenceInput,
): Promise<ApplyIndustryLicenceOutcome> {
  const channel = requireChannel(requestChannel);
  const key = parseIdempotencyKey(input.idempotencyKey);
  const uscc = parseUscc(input.uscc);
  const industry = await findIndustry(deps, ctx, input.industry);
  const store = await deps.store();
  const matter = offeredMatter(
    industry.matterCode,
    await deps.ops.matterByCode.load(freshRead(ctx), industry.matterCode),
  );
  const applicant = { type: 'COMPANY' as const, id: uscc };
  assertOffered(matter, applicant, channel);
  const hash = requestHash({ industry: industry.code, uscc, channel });

  const answer = async (c: CaseRecord, replayed: boolean): Promise<ApplyIndustryLicenceOutcome> => {
    const done = await finish(deps, ctx, store, c);
    forgetCase(deps.ops, ctx, done);
    return { case: done, industryLicence: await industryLicence(deps, ctx, uscc, industry.code), replayed };
  };
  const replay = async (prior: { id: string; requestHash: string }) => {
    if (prior.requestHash !== hash) throw idempotencyConflict(key);
    return answer(await readCase(store, prior.id), true);
  };
  const prior = await store.caseByIdempotencyKey(key);
  if (prior) return replay(prior);

  // A decision is written on these: read the library itself, never a cached or stale copy.
  const certificates = await deps.library.certificatesByHolder(freshRead(ctx), applicant);
  const now = deps.clock();
  const checks = precheck(componentMaterials(industry), new Map(), certificates, districtDay(now));
  const stop = outstanding(checks);
  const department = new Map(industry.components.map((c) => [c.certificateType, c.departmentCode]));
  const steps: CaseStep[] = [{ from: null, to: 'SUBMITTED', channel, note: null }];
  if (stop.length === 0)
    steps.push(
      { from: 'SUBMITTED', to: 'ACCEPTED', channel: null, note: AUTO },
      { from: 'ACCEPTED', to: 'IN_REVIEW', channel: null, note: AUTO },
      { from: 'IN_REVIEW', to: 'APPROVED', channel: null, note: AUTO },
    );
  else
    steps.push({
      from: 'SUBMITTED',
      to: 'PRECHECK_FAILED',
      channel: null,
      note: `components not valid: ${stop
        .map((c) => `${c.material.name} (${department.get(c.material.code)}): ${c.reason ?? 'missing'}`)
        .join('; ')}`,
    });
  const written = await createCaseOnce(
    store,
    {
      matterCode: matter.code,
      applicantType: 'COMPANY',
      applicantId: uscc,
      channel,
      idempotencyKey: key,
      requestHash: hash,
      at: now,
      steps,
      materials: checks,
    },
    replay,
  );
  if ('replayed' in written) return written.replayed;
  const id = written.id;
  return answer(await readCase(store, id), false);
}
