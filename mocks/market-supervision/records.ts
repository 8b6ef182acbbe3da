import type { WCertificate, WCompany, WorldIndex } from '../data/world';

/** An enterprise as the registration system stores it (field names are the legacy system's own). */
export interface EnterpriseRecord {
  unified_social_credit_code: string;
  enterprise_name: string;
  legal_rep_name: string;
  /** As typed at registration: a trailing check character X is often stored lower-case. */
  legal_rep_id_no: string;
  /** Registered capital in 10,000 CNY, as a decimal string with six places (the column is DECIMAL(18,6)). */
  reg_capital_wan_yuan: string;
  /** YYYY-MM-DD */
  establish_date: string;
  /** 存续 (or 在业 for records migrated from the pre-2014 system), 吊销, 注销. */
  reg_status: string;
  /** GB/T 4754-2017 class, letter of the section first, e.g. H6210. */
  industry_code: string;
  industry_name: string;
  business_scope: string;
  address: string;
  reg_authority: string;
}

/** A licence record: one of the certificates market supervision issues. */
export interface LicenseRecord {
  /** Id of the same certificate in the electronic certificate library. */
  e_license_id: string;
  /** YYZZ 营业执照, SPJYXK 食品经营许可证, YPLSXK 药品经营许可证 (retail). */
  license_type: string;
  license_name: string;
  license_no: string;
  holder_uscc: string;
  /** YYYY-MM-DD */
  valid_from: string;
  /** YYYY-MM-DD, or 长期 (no end). */
  valid_to: string;
  /** 有效, 已过期, 已撤销 */
  license_status: string;
}

/** The world's industries as GB/T 4754-2017 classes (the registry keeps no English slugs). */
export const INDUSTRY_CLASSES: Record<string, { code: string; name: string }> = {
  restaurant: { code: 'H6210', name: '正餐服务' },
  pharmacy: { code: 'F5251', name: '药品零售' },
  supermarket: { code: 'F5212', name: '超级市场零售' },
  bakery: { code: 'F5222', name: '糕点、面包零售' },
  'convenience-store': { code: 'F5213', name: '便利店零售' },
  hotel: { code: 'H6110', name: '旅游饭店' },
  'beauty-salon': { code: 'O8040', name: '理发及美容服务' },
  gym: { code: 'R8930', name: '健身休闲活动' },
  bookstore: { code: 'F5243', name: '图书、报刊零售' },
  laundry: { code: 'O8030', name: '洗染服务' },
};

const REG_STATUS: Record<WCompany['status'], string> = {
  OPERATING: '存续',
  REVOKED: '吊销',
  DEREGISTERED: '注销',
};
/** Records migrated from the registration system used before the 2014 reform still say 在业 for "operating". */
const MIGRATED_BEFORE = '2014-03-01';

const LICENSE_TYPES: Record<string, string> = {
  BUSINESS_LICENCE: 'YYZZ',
  FOOD_BUSINESS_PERMIT: 'SPJYXK',
  DRUG_RETAIL_PERMIT: 'YPLSXK',
};
const LICENSE_STATUS: Record<WCertificate['status'], string> = {
  VALID: '有效',
  EXPIRED: '已过期',
  REVOKED: '已撤销',
};

export function enterpriseRecord(world: WorldIndex, c: WCompany): EnterpriseRecord {
  const industry = INDUSTRY_CLASSES[c.industry] ?? { code: 'L7200', name: '商务服务业' };
  const operatingText = c.establishedOn < MIGRATED_BEFORE ? '在业' : '存续';
  return {
    unified_social_credit_code: c.uscc,
    enterprise_name: c.name,
    legal_rep_name: world.personById.get(c.legalRepresentativeId)?.name ?? '',
    legal_rep_id_no: c.legalRepresentativeId.endsWith('X')
      ? c.legalRepresentativeId.slice(0, 17) + 'x'
      : c.legalRepresentativeId,
    reg_capital_wan_yuan: c.registeredCapital.toFixed(6),
    establish_date: c.establishedOn,
    reg_status: c.status === 'OPERATING' ? operatingText : REG_STATUS[c.status],
    industry_code: industry.code,
    industry_name: industry.name,
    business_scope: c.businessScope,
    address: c.address,
    reg_authority: '上海市普陀区市场监督管理局',
  };
}

/** The certificates this department issued that the licence register holds. */
export function isLicense(cert: WCertificate): boolean {
  return cert.issuer === 'market-supervision' && cert.type in LICENSE_TYPES;
}

export function licenseRecord(cert: WCertificate): LicenseRecord {
  return {
    e_license_id: cert.id,
    license_type: LICENSE_TYPES[cert.type]!,
    license_name: cert.title,
    license_no: cert.number,
    holder_uscc: cert.holderId,
    valid_from: cert.validFrom,
    valid_to: cert.validUntil ?? '长期',
    license_status: LICENSE_STATUS[cert.status],
  };
}
