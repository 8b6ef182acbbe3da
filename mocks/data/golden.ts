import type { World } from './world';

/**
 * The golden demo records of DESIGN.md, consistent across every department.
 * The README's examples and the end-to-end tests use exactly these.
 */
export const GOLDEN = {
  zhangWei: '310107199003070017',
  liNa: '310107198511220021',
  chanKaMing: '810000199505150031',
  zhangXiaoyu: '310107202308150047',
  wangQiang: '310107197802030012',
  /** A British national known by his passport. */
  foreigner: 'P-GBR-533401827',
  /** A resident whose name has characters outside the BMP and CJK Ext-A (GB18030 four-byte sequences). */
  zhouYan: '310107199912310022',
  restaurant: '91310107MA1FL3K2XE',
  pharmacy: '91310107MA1G5X7P50',
  supermarket: '91310107MA1H2R8N79',
} as const;

const G = GOLDEN;

export function goldenWorld(): World {
  return {
    people: [
      {
        id: G.zhangWei, documentType: 'RESIDENT_ID_CARD', documentNumber: G.zhangWei, name: '张伟', nameLatin: 'ZHANG WEI',
        sex: 'M', birthDate: '1990-03-07', nationality: 'CHN', householdAddress: '上海市普陀区长寿路588弄12号602室', phone: '13817350017',
      },
      {
        id: G.liNa, documentType: 'RESIDENT_ID_CARD', documentNumber: G.liNa, name: '李娜', nameLatin: 'LI NA',
        sex: 'F', birthDate: '1985-11-22', nationality: 'CHN', householdAddress: '上海市普陀区长寿路588弄12号602室', phone: '13917220021',
      },
      {
        id: G.chanKaMing, documentType: 'HK_MACAO_RESIDENCE_PERMIT', documentNumber: G.chanKaMing, name: '陳家明', nameLatin: 'CHAN KA MING',
        sex: 'M', birthDate: '1995-05-15', nationality: 'HKG', householdAddress: null, phone: '85291230031',
      },
      {
        id: G.zhangXiaoyu, documentType: 'RESIDENT_ID_CARD', documentNumber: G.zhangXiaoyu, name: '张晓玥', nameLatin: 'ZHANG XIAOYUE',
        sex: 'F', birthDate: '2023-08-15', nationality: 'CHN', householdAddress: '上海市普陀区长寿路588弄12号602室', phone: '13817350017',
        fatherId: G.zhangWei, motherId: G.liNa,
      },
      {
        id: G.wangQiang, documentType: 'RESIDENT_ID_CARD', documentNumber: G.wangQiang, name: '王强', nameLatin: 'WANG QIANG',
        sex: 'M', birthDate: '1978-02-03', nationality: 'CHN', householdAddress: '上海市普陀区真北路1108弄3号201室', phone: '13661020012',
      },
      {
        id: G.foreigner, documentType: 'PASSPORT', documentNumber: '533401827', name: 'WHITFIELD JAMES', nameLatin: 'WHITFIELD JAMES',
        sex: 'M', birthDate: '1982-11-03', nationality: 'GBR', householdAddress: null, phone: '13501827001',
      },
      {
        id: G.zhouYan, documentType: 'RESIDENT_ID_CARD', documentNumber: G.zhouYan, name: '周𠮷䶮', nameLatin: 'ZHOU JIYAN',
        sex: 'F', birthDate: '1999-12-31', nationality: 'CHN', householdAddress: '上海市普陀区武宁路𠮷祥里9号', phone: '18621310025',
      },
    ],
    companies: [
      {
        uscc: G.restaurant, name: '上海普陀张记餐饮有限公司', legalRepresentativeId: G.zhangWei, industry: 'restaurant',
        address: '上海市普陀区曹杨路1040号1层', establishedOn: '2019-04-18', registeredCapital: 50, status: 'OPERATING',
        businessScope: '餐饮服务；食品销售',
      },
      {
        uscc: G.pharmacy, name: '上海普陀康宁大药房有限公司', legalRepresentativeId: G.liNa, industry: 'pharmacy',
        address: '上海市普陀区中山北路2688号', establishedOn: '2017-09-05', registeredCapital: 200, status: 'OPERATING',
        businessScope: '药品零售；医疗器械经营；保健食品销售',
      },
      {
        uscc: G.supermarket, name: '上海普陀惠民超市有限公司', legalRepresentativeId: G.wangQiang, industry: 'supermarket',
        address: '上海市普陀区真北路1200号', establishedOn: '2012-06-20', registeredCapital: 500, status: 'OPERATING',
        businessScope: '食品销售；日用百货销售；烟草制品零售',
      },
    ],
    certificates: [
      // Zhang Wei: five departments
      cert('PS-ID-' + G.zhangWei, 'RESIDENT_ID_CARD', '居民身份证', 'public-security', 'PERSON', G.zhangWei, '2016-05-10', '2036-05-10', G.zhangWei),
      cert('PS-HH-' + G.zhangWei, 'HOUSEHOLD_REGISTER', '居民户口簿', 'public-security', 'PERSON', G.zhangWei, '2019-08-01', null, '310107-0588-12-0602'),
      cert('HL-HC-2026-000173', 'HEALTH_CERTIFICATE', '食品从业人员健康证明', 'health', 'PERSON', G.zhangWei, '2026-03-01', '2027-02-28', '普卫健(2026)000173'),
      cert('HS-RE-2019-012345', 'REAL_ESTATE_CERTIFICATE', '不动产权证书', 'housing', 'PERSON', G.zhangWei, '2019-07-02', null, '沪(2019)普字不动产权第012345号'),
      cert('TX-IIT-2025-' + G.zhangWei, 'INDIVIDUAL_TAX_RECORD', '个人所得税纳税记录', 'tax', 'PERSON', G.zhangWei, '2026-01-15', '2026-12-31', '(2025)沪个税证0017号'),
      cert('HR-SSC-' + G.zhangWei, 'SOCIAL_SECURITY_CARD', '社会保障卡', 'human-resources', 'PERSON', G.zhangWei, '2018-06-01', '2028-06-01', 'SH0017350017'),
      // Li Na (co-owner of the flat)
      cert('PS-ID-' + G.liNa, 'RESIDENT_ID_CARD', '居民身份证', 'public-security', 'PERSON', G.liNa, '2015-01-20', '2035-01-20', G.liNa),
      cert('PS-HH-' + G.liNa, 'HOUSEHOLD_REGISTER', '居民户口簿', 'public-security', 'PERSON', G.liNa, '2019-08-01', null, '310107-0588-12-0602'),
      cert('HS-RE-2019-012345-2', 'REAL_ESTATE_CERTIFICATE', '不动产权证书', 'housing', 'PERSON', G.liNa, '2019-07-02', null, '沪(2019)普字不动产权第012345号'),
      cert('HR-SSC-' + G.liNa, 'SOCIAL_SECURITY_CARD', '社会保障卡', 'human-resources', 'PERSON', G.liNa, '2016-03-01', '2026-03-01', 'SH0017220021', 'EXPIRED'),
      cert('HR-SSC-' + G.liNa + '-2', 'SOCIAL_SECURITY_CARD', '社会保障卡', 'human-resources', 'PERSON', G.liNa, '2026-02-20', '2036-02-20', 'SH0017220022'),
      // Chan Ka Ming
      cert('PS-RP-' + G.chanKaMing, 'RESIDENCE_PERMIT_HMT', '港澳台居民居住证', 'public-security', 'PERSON', G.chanKaMing, '2023-09-01', '2028-09-01', G.chanKaMing),
      cert('HR-SSC-' + G.chanKaMing, 'SOCIAL_SECURITY_CARD', '社会保障卡', 'human-resources', 'PERSON', G.chanKaMing, '2023-10-01', '2033-10-01', 'SH0091230031'),
      // Zhang Xiaoyu
      cert('HL-BMC-Q310512347', 'BIRTH_MEDICAL_CERTIFICATE', '出生医学证明', 'health', 'PERSON', G.zhangXiaoyu, '2023-08-15', null, 'Q310512347'),
      cert('PS-ID-' + G.zhangXiaoyu, 'RESIDENT_ID_CARD', '居民身份证', 'public-security', 'PERSON', G.zhangXiaoyu, '2024-01-10', '2029-01-10', G.zhangXiaoyu),
      cert('PS-HH-' + G.zhangXiaoyu, 'HOUSEHOLD_REGISTER', '居民户口簿', 'public-security', 'PERSON', G.zhangXiaoyu, '2023-08-28', null, '310107-0588-12-0602'),
      // Wang Qiang
      cert('PS-ID-' + G.wangQiang, 'RESIDENT_ID_CARD', '居民身份证', 'public-security', 'PERSON', G.wangQiang, '2018-02-03', null, G.wangQiang),
      cert('PS-HH-' + G.wangQiang, 'HOUSEHOLD_REGISTER', '居民户口簿', 'public-security', 'PERSON', G.wangQiang, '2012-12-10', null, '310107-1108-03-0201'),
      cert('HS-RE-2012-004821', 'REAL_ESTATE_CERTIFICATE', '不动产权证书', 'housing', 'PERSON', G.wangQiang, '2012-11-30', null, '沪(2012)普字不动产权第004821号'),
      cert('HR-SSC-' + G.wangQiang, 'SOCIAL_SECURITY_CARD', '社会保障卡', 'human-resources', 'PERSON', G.wangQiang, '2019-01-01', '2029-01-01', 'SH0061020012'),
      // The foreign national
      cert('PS-FRP-533401827', 'FOREIGNER_RESIDENCE_PERMIT', '外国人居留许可', 'public-security', 'PERSON', G.foreigner, '2025-04-01', '2027-03-31', 'Y310000253340'),
      cert('HR-FWP-533401827', 'FOREIGNER_WORK_PERMIT', '外国人工作许可证', 'human-resources', 'PERSON', G.foreigner, '2025-03-15', '2027-03-14', '310000250009112'),
      cert('HR-SSC-' + G.foreigner, 'SOCIAL_SECURITY_CARD', '社会保障卡', 'human-resources', 'PERSON', G.foreigner, '2025-04-10', '2035-04-10', 'SH0091827001'),
      // Zhou Yan
      cert('PS-ID-' + G.zhouYan, 'RESIDENT_ID_CARD', '居民身份证', 'public-security', 'PERSON', G.zhouYan, '2020-01-05', '2030-01-05', G.zhouYan),
      // The restaurant: everything but a valid public-place health permit (it expired)
      cert('MS-BL-' + G.restaurant, 'BUSINESS_LICENCE', '营业执照', 'market-supervision', 'COMPANY', G.restaurant, '2019-04-18', null, G.restaurant),
      cert('MS-FBP-JY23101070012345', 'FOOD_BUSINESS_PERMIT', '食品经营许可证', 'market-supervision', 'COMPANY', G.restaurant, '2022-04-01', '2027-03-31', 'JY23101070012345'),
      cert('HL-PPH-2023-0107-0412', 'PUBLIC_PLACE_HEALTH_PERMIT', '公共场所卫生许可证', 'health', 'COMPANY', G.restaurant, '2022-07-01', '2026-06-30', '沪普卫公字(2022)第0412号', 'EXPIRED'),
      cert('TX-REG-' + G.restaurant, 'TAX_REGISTRATION', '税务登记证明', 'tax', 'COMPANY', G.restaurant, '2019-04-25', null, G.restaurant),
      cert('TX-CLR-2026-' + G.restaurant, 'TAX_CLEARANCE_CERTIFICATE', '完税证明', 'tax', 'COMPANY', G.restaurant, '2026-10-15', '2027-10-14', '(2026)沪普税完0612号'),
      cert('HS-RE-2020-007730', 'REAL_ESTATE_CERTIFICATE', '不动产权证书', 'housing', 'COMPANY', G.restaurant, '2020-03-12', null, '沪(2020)普字不动产权第007730号'),
      // The pharmacy: everything valid
      cert('MS-BL-' + G.pharmacy, 'BUSINESS_LICENCE', '营业执照', 'market-supervision', 'COMPANY', G.pharmacy, '2017-09-05', null, G.pharmacy),
      cert('MS-DRP-HB3101070187', 'DRUG_RETAIL_PERMIT', '药品经营许可证', 'market-supervision', 'COMPANY', G.pharmacy, '2022-09-01', '2027-08-31', '沪DB3101070187'),
      cert('MS-FBP-JY13101070056789', 'FOOD_BUSINESS_PERMIT', '食品经营许可证', 'market-supervision', 'COMPANY', G.pharmacy, '2023-01-10', '2028-01-09', 'JY13101070056789'),
      cert('HL-PPH-2024-0107-0088', 'PUBLIC_PLACE_HEALTH_PERMIT', '公共场所卫生许可证', 'health', 'COMPANY', G.pharmacy, '2024-05-01', '2028-04-30', '沪普卫公字(2024)第0088号'),
      cert('TX-REG-' + G.pharmacy, 'TAX_REGISTRATION', '税务登记证明', 'tax', 'COMPANY', G.pharmacy, '2017-09-12', null, G.pharmacy),
      cert('TX-CLR-2026-' + G.pharmacy, 'TAX_CLEARANCE_CERTIFICATE', '完税证明', 'tax', 'COMPANY', G.pharmacy, '2026-09-20', '2027-09-19', '(2026)沪普税完0540号'),
      // The supermarket
      cert('MS-BL-' + G.supermarket, 'BUSINESS_LICENCE', '营业执照', 'market-supervision', 'COMPANY', G.supermarket, '2012-06-20', null, G.supermarket),
      cert('MS-FBP-JY13101070009911', 'FOOD_BUSINESS_PERMIT', '食品经营许可证', 'market-supervision', 'COMPANY', G.supermarket, '2021-11-01', '2026-10-31', 'JY13101070009911', 'EXPIRED'),
      cert('MS-FBP-JY13101070119911', 'FOOD_BUSINESS_PERMIT', '食品经营许可证', 'market-supervision', 'COMPANY', G.supermarket, '2026-10-20', '2031-10-19', 'JY13101070119911'),
      cert('TX-REG-' + G.supermarket, 'TAX_REGISTRATION', '税务登记证明', 'tax', 'COMPANY', G.supermarket, '2012-06-28', null, G.supermarket),
    ],
    properties: [
      {
        certificateNo: '沪(2019)普字不动产权第012345号', certificateId: 'HS-RE-2019-012345', unitNo: 'PT-0588-12-0602',
        address: '上海市普陀区长寿路588弄12号602室', areaM2: 89.46, usage: 'RESIDENTIAL', registeredOn: '2019-07-02',
        owners: [{ type: 'PERSON', id: G.zhangWei, sharePct: 50 }, { type: 'PERSON', id: G.liNa, sharePct: 50 }], mortgaged: true,
      },
      {
        certificateNo: '沪(2020)普字不动产权第007730号', certificateId: 'HS-RE-2020-007730', unitNo: 'PT-1040-00-0101',
        address: '上海市普陀区曹杨路1040号1层', areaM2: 142.3, usage: 'COMMERCIAL', registeredOn: '2020-03-12',
        owners: [{ type: 'COMPANY', id: G.restaurant, sharePct: 100 }], mortgaged: false,
      },
      {
        certificateNo: '沪(2012)普字不动产权第004821号', certificateId: 'HS-RE-2012-004821', unitNo: 'PT-1108-03-0201',
        address: '上海市普陀区真北路1108弄3号201室', areaM2: 76.05, usage: 'RESIDENTIAL', registeredOn: '2012-11-30',
        owners: [{ type: 'PERSON', id: G.wangQiang, sharePct: 100 }], mortgaged: false,
      },
    ],
    employment: [
      emp(G.zhangWei, G.restaurant, '上海普陀张记餐饮有限公司', 'SH0017350017', '2019-05-01', 91, 15_000),
      emp(G.liNa, G.pharmacy, '上海普陀康宁大药房有限公司', 'SH0017220022', '2017-10-01', 110, 18_000),
      emp(G.chanKaMing, G.pharmacy, '上海普陀康宁大药房有限公司', 'SH0091230031', '2023-10-01', 38, 12_000),
      emp(G.wangQiang, G.supermarket, '上海普陀惠民超市有限公司', 'SH0061020012', '2012-07-01', 172, 20_000),
      emp(G.foreigner, G.supermarket, '上海普陀惠民超市有限公司', 'SH0091827001', '2025-04-10', 19, 36_000),
    ],
    tax: [
      { uscc: G.restaurant, taxpayerId: G.restaurant, registeredOn: '2019-04-25', creditRating: 'A', taxOffice: '国家税务总局上海市普陀区税务局', status: 'NORMAL', arrears: 0, lastFiledPeriod: '2026-10' },
      { uscc: G.pharmacy, taxpayerId: G.pharmacy, registeredOn: '2017-09-12', creditRating: 'A', taxOffice: '国家税务总局上海市普陀区税务局', status: 'NORMAL', arrears: 0, lastFiledPeriod: '2026-10' },
      { uscc: G.supermarket, taxpayerId: G.supermarket, registeredOn: '2012-06-28', creditRating: 'B', taxOffice: '国家税务总局上海市普陀区税务局', status: 'NORMAL', arrears: 1280.5, lastFiledPeriod: '2026-09' },
    ],
    births: [
      {
        childId: G.zhangXiaoyu, certificateId: 'HL-BMC-Q310512347', certificateNo: 'Q310512347', hospital: '上海市普陀区妇婴保健院',
        birthDateTime: '2023-08-15T06:42:00+08:00', weightGrams: 3350, motherId: G.liNa, fatherId: G.zhangWei,
      },
    ],
  };
}

function cert(
  id: string, type: string, title: string, issuer: World['certificates'][number]['issuer'], holderType: 'PERSON' | 'COMPANY',
  holderId: string, validFrom: string, validUntil: string | null, number: string, status: 'VALID' | 'EXPIRED' | 'REVOKED' = 'VALID',
): World['certificates'][number] {
  return { id, type, title, issuer, holderType, holderId, validFrom, validUntil, status, number };
}

function emp(
  personId: string, employerUscc: string, employerName: string, cardNo: string, startedOn: string, months: number, base: number,
): World['employment'][number] {
  return {
    personId, employerUscc, employerName, socialSecurityCardNo: cardNo, startedOn, contributionMonths: months,
    lastContributionMonth: '2026-10', monthlyBase: base, status: 'CONTRIBUTING',
  };
}
