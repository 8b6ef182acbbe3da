import { USAGE_BY_CODE } from './copybook';
import { badReply } from './errors';
import type { Property } from './model';
import type { LegacyProperty } from './records';

/** A register record in the canonical model: areas and shares out of hundredths, ISO dates, named usage. */
export function toProperty(p: LegacyProperty): Property {
  const usage = USAGE_BY_CODE[p.usageCode as keyof typeof USAGE_BY_CODE];
  if (!usage) throw badReply(`property ${p.certNo} has unknown usage code "${p.usageCode}"`);
  if (p.owners.length === 0) throw badReply(`property ${p.certNo} has no owners`);
  return {
    certificateId: p.certId,
    certificateNumber: p.certNo,
    unitNumber: p.unitNo,
    address: p.address,
    floorAreaM2: p.areaHundredths / 100,
    usage,
    registeredOn: `${p.registeredOn.slice(0, 4)}-${p.registeredOn.slice(4, 6)}-${p.registeredOn.slice(6, 8)}`,
    mortgaged: p.mortgaged,
    owners: p.owners.map((o) => ({
      type: o.ownerType === 'P' ? 'PERSON' : 'COMPANY',
      id: o.ownerId,
      sharePercent: o.shareHundredths / 100,
    })),
  };
}
