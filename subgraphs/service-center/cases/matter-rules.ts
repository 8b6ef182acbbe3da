import type { MatterRecord } from '../catalogue/catalogue';
import type { HolderRef } from '../library';
import type { CaseChannel } from '../model';
import { refuse } from './errors';

/** The matter applied for, if the catalogue offers it: UNKNOWN_MATTER otherwise. */
export function offeredMatter(code: string, matter: MatterRecord | null): MatterRecord {
  if (!matter || !matter.inCatalogue)
    throw refuse('UNKNOWN_MATTER', `no matter in the catalogue has the code ${code}`);
  return matter;
}

/** Refuses an applicant the matter does not serve, and a channel it is not offered on. */
export function assertOffered(matter: MatterRecord, applicant: HolderRef, channel: CaseChannel): void {
  if (matter.audience !== 'BOTH' && matter.audience !== applicant.type)
    throw refuse(
      'WRONG_APPLICANT_KIND',
      `matter ${matter.code} (${matter.name}) is for a ${matter.audience.toLowerCase()}, not a ${applicant.type.toLowerCase()}`,
    );
  if (!matter.channels.includes(channel))
    throw refuse(
      'CHANNEL_NOT_OFFERED',
      `matter ${matter.code} (${matter.name}) is not offered at ${channel}: it is offered at ${matter.channels.join(', ')}`,
    );
}
