import { badReply } from './errors';
import { industryOf } from './industry';
import { ENTERPRISE, LICENSE } from './legacy';
import type { Company, CompanyStatus, Licence, LicenceStatus, LicenceType } from './model';

type LegacyRecord = Record<string, unknown>;

/**
 * 存续 is "operating"; records migrated from the pre-2014 registration system say 在业,
 * and some exports spell out 存续（在营、开业、在册）. 吊销 may carry ，未注销.
 */
const COMPANY_STATUS: Readonly<Record<string, CompanyStatus>> = {
  存续: 'OPERATING',
  在业: 'OPERATING',
  '存续（在营、开业、在册）': 'OPERATING',
  吊销: 'REVOKED',
  '吊销，未注销': 'REVOKED',
  注销: 'DEREGISTERED',
};

const LICENCE_TYPE: Readonly<Record<string, LicenceType>> = {
  YYZZ: 'BUSINESS_LICENCE',
  SPJYXK: 'FOOD_BUSINESS_PERMIT',
  YPLSXK: 'DRUG_RETAIL_PERMIT',
};

const LICENCE_STATUS: Readonly<Record<string, LicenceStatus>> = {
  有效: 'VALID',
  已过期: 'EXPIRED',
  已撤销: 'REVOKED',
};

/** 长期 ("long-term") is how the registry writes a licence without an end date. */
const NO_END = '长期';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function text(r: LegacyRecord, field: string): string {
  const v = r[field];
  if (typeof v !== 'string') throw badReply(`record field ${field} is not a string: ${JSON.stringify(v)}`);
  return v.trim();
}

function date(r: LegacyRecord, field: string): string {
  const v = text(r, field);
  if (!ISO_DATE.test(v) || Number.isNaN(Date.parse(v)))
    throw badReply(`record field ${field} is not a YYYY-MM-DD date: ${v}`);
  return v;
}

function oneOf<T>(table: Readonly<Record<string, T>>, r: LegacyRecord, field: string): T {
  const v = text(r, field);
  const mapped = table[v];
  if (mapped === undefined) throw badReply(`record field ${field} has an unknown value: ${v}`);
  return mapped;
}

/** The code an enterprise record is for (to group a batch's records by key). */
export function usccOf(r: LegacyRecord): string {
  return text(r, ENTERPRISE.uscc).toUpperCase();
}

/** The legal representative of an enterprise record; the registry keeps some check characters as a lower-case x. */
export function legalRepIdOf(r: LegacyRecord): string {
  return text(r, ENTERPRISE.legalRepIdNo).toUpperCase();
}

/** The enterprise a licence record belongs to. */
export function holderOf(r: LegacyRecord): string {
  return text(r, LICENSE.holder).toUpperCase();
}

export function toCompany(r: LegacyRecord): Company {
  // DECIMAL(18,6) arrives as a string ("50.000000"); a number is accepted too.
  const capitalRaw = r[ENTERPRISE.capital];
  const capital =
    typeof capitalRaw === 'number'
      ? capitalRaw
      : typeof capitalRaw === 'string' && capitalRaw.trim() !== ''
        ? Number(capitalRaw)
        : NaN;
  if (!Number.isFinite(capital) || capital < 0)
    throw badReply(`record field ${ENTERPRISE.capital} is not an amount: ${JSON.stringify(capitalRaw)}`);
  return {
    uscc: usccOf(r),
    name: text(r, ENTERPRISE.name),
    legalRepresentativeId: legalRepIdOf(r),
    legalRepresentativeName: text(r, ENTERPRISE.legalRepName),
    industry: industryOf(text(r, ENTERPRISE.industryCode).toUpperCase()),
    address: text(r, ENTERPRISE.address),
    establishedOn: date(r, ENTERPRISE.established),
    registeredCapital: capital,
    status: oneOf(COMPANY_STATUS, r, ENTERPRISE.status),
    businessScope: text(r, ENTERPRISE.scope),
  };
}

export function toLicence(r: LegacyRecord): Licence {
  const validTo = text(r, LICENSE.validTo);
  return {
    certificateId: text(r, LICENSE.certificateId),
    type: oneOf(LICENCE_TYPE, r, LICENSE.type),
    title: text(r, LICENSE.name),
    number: text(r, LICENSE.number),
    validFrom: date(r, LICENSE.validFrom),
    validUntil: validTo === NO_END || validTo === '' ? null : date(r, LICENSE.validTo),
    status: oneOf(LICENCE_STATUS, r, LICENSE.status),
  };
}
