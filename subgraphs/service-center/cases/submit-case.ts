import type { AdapterContext } from '../../../adapters/kit/operation';
import { requireChannel } from '../channel';
import { districtDay } from '../clock';
import type { ServiceCenterDeps } from '../deps';
import type { CaseRecord } from '../model';
import { forgetCase } from '../operations';
import type { CaseStep } from '../store/case-writes';
import { parseApplicant, type ApplicantInput } from './applicant';
import { refuse } from './errors';
import { createCaseOnce, parseIdempotencyKey, requestHash } from './idempotency';
import { assertOffered, offeredMatter } from './matter-rules';
import { outstanding, precheck, precheckNote } from './precheck';
import { readCase, replayed } from './replay';
import { freshRead } from '../fresh-read';

export interface SubmitCaseInput {
  matterCode: string;
  applicant: ApplicantInput;
  suppliedMaterials?: readonly { materialCode: string; reference: string }[] | null;
  idempotencyKey: string;
}

export interface SubmitCaseOutcome {
  case: CaseRecord;
  /** True when the key had been used for this very request: the first case is returned, nothing written. */
  replayed: boolean;
}

function parseSupplied(raw: SubmitCaseInput['suppliedMaterials']): Map<string, string> {
  const supplied = new Map<string, string>();
  for (const s of raw ?? []) {
    if (supplied.has(s.materialCode))
      throw refuse('INVALID_ARGUMENT', `material ${s.materialCode} is supplied twice`);
    const reference = s.reference.trim();
    if (reference === '' || reference.length > 200)
      throw refuse(
        'INVALID_ARGUMENT',
        `the reference for material ${s.materialCode} must be 1 to 200 characters`,
      );
    supplied.set(s.materialCode, reference);
  }
  return supplied;
}

/**
 * Opens a case for a matter without paper. Everything is checked before anything is written;
 * the library is read before the one transaction that writes the case, its materials and its
 * history, so a refusal or an unreachable library leaves no row behind.
 */
export async function submitCase(
  deps: ServiceCenterDeps,
  ctx: AdapterContext,
  requestChannel: string,
  input: SubmitCaseInput,
): Promise<SubmitCaseOutcome> {
  const channel = requireChannel(requestChannel);
  const key = parseIdempotencyKey(input.idempotencyKey);
  const applicant = parseApplicant(input.applicant);
  const supplied = parseSupplied(input.suppliedMaterials);
  const store = await deps.store();
  const matter = offeredMatter(
    input.matterCode,
    await deps.ops.matterByCode.load(freshRead(ctx), input.matterCode),
  );
  assertOffered(matter, applicant, channel);
  for (const code of supplied.keys())
    if (!matter.materials.some((m) => m.code === code))
      throw refuse('INVALID_ARGUMENT', `material ${code} is not a material of matter ${matter.code}`);

  const hash = requestHash({
    matterCode: matter.code,
    applicant,
    channel,
    supplied: [...supplied].sort(([a], [b]) => a.localeCompare(b)),
  });
  const prior = await store.caseByIdempotencyKey(key);
  if (prior) return replayed(store, prior, hash, key);

  const needsLibrary = matter.materials.some((m) => m.certificateType);
  // A decision is written on these: read the library itself, never a cached or stale copy.
  const certificates = needsLibrary ? await deps.library.certificatesByHolder(freshRead(ctx), applicant) : [];
  const now = deps.clock();
  const checks = precheck(matter.materials, supplied, certificates, districtDay(now));
  const passed = outstanding(checks).length === 0;
  const steps: CaseStep[] = [
    { from: null, to: 'SUBMITTED', channel, note: null },
    {
      from: 'SUBMITTED',
      to: passed ? 'ACCEPTED' : 'PRECHECK_FAILED',
      channel: null,
      note: precheckNote(checks),
    },
  ];
  const written = await createCaseOnce(
    store,
    {
      matterCode: matter.code,
      applicantType: applicant.type,
      applicantId: applicant.id,
      channel,
      idempotencyKey: key,
      requestHash: hash,
      at: now,
      steps,
      materials: checks,
    },
    (winner) => replayed(store, winner, hash, key),
  );
  if ('replayed' in written) return written.replayed;
  const id = written.id;
  const created = await readCase(store, id);
  forgetCase(deps.ops, ctx, created);
  return { case: created, replayed: false };
}
