import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GOLDEN } from '../../../mocks/data/golden';
import { loadWorld } from '../../../mocks/data/generator';

// The catalogue is data the service centre loads at start-up; these tests keep the files honest
// (the loader trusts their structure) and tied to the certificate library the pre-check asks.

type Channel = 'COUNTER' | 'PORTAL' | 'TERMINAL' | 'APP';
type MaterialKind = 'CERTIFICATE' | 'FORM' | 'PHOTO' | 'DOCUMENT';

interface Material {
  code: string;
  name: string;
  kind: MaterialKind;
  certificateType?: string;
  required: boolean;
}

interface Matter {
  code: string;
  name: string;
  nameEn: string;
  department: string;
  audience: 'PERSON' | 'COMPANY' | 'BOTH';
  category: string;
  channels: Channel[];
  legalTimeLimitDays: number;
  promisedTimeLimitDays: number;
  materials: Material[];
  issues: { certificateType: string; title: string; validityYears: number } | null;
}

interface Industry {
  code: string;
  name: string;
  nameEn: string;
  matterCode: string;
  components: { certificateType: string; name: string; department: string }[];
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(__dirname, file), 'utf8')) as T;
const readMigration = (file: string): string =>
  readFileSync(path.join(__dirname, '..', 'migrations', file), 'utf8');

const matterFile = readJson<{ version: number; matters: Matter[] }>('matters.json');
const industryFile = readJson<{ version: number; industries: Industry[] }>('industries.json');
const matters = matterFile.matters;
const industries = industryFile.industries;
const matterByCode = new Map(matters.map((m) => [m.code, m]));

const departmentCodes = [...readMigration('004_seed_departments.sql').matchAll(/^\s+\('([a-z-]+)', '/gm)].map(
  (m) => m[1]!,
);

const CHANNELS: Channel[] = ['COUNTER', 'PORTAL', 'TERMINAL', 'APP'];
const KINDS: MaterialKind[] = ['CERTIFICATE', 'FORM', 'PHOTO', 'DOCUMENT'];
/** The certificate types the electronic certificate library knows (mocks/data golden + generator). */
const CERTIFICATE_TYPES = [
  'RESIDENT_ID_CARD',
  'HOUSEHOLD_REGISTER',
  'REAL_ESTATE_CERTIFICATE',
  'BUSINESS_LICENCE',
  'FOOD_BUSINESS_PERMIT',
  'DRUG_RETAIL_PERMIT',
  'PUBLIC_PLACE_HEALTH_PERMIT',
  'HEALTH_CERTIFICATE',
  'BIRTH_MEDICAL_CERTIFICATE',
  'TAX_REGISTRATION',
  'TAX_CLEARANCE_CERTIFICATE',
  'SOCIAL_SECURITY_CARD',
  'RESIDENCE_PERMIT_HMT',
  'FOREIGNER_RESIDENCE_PERMIT',
  'FOREIGNER_WORK_PERMIT',
  'INDIVIDUAL_TAX_RECORD',
  'INDUSTRY_COMPREHENSIVE_LICENCE',
];

/** Issuer, title and holder kinds of each certificate type, as the world's certificates show them. */
const world = loadWorld({ people: 100 });
const certificateFacts = new Map<string, { issuer: string; title: string; holders: Set<string> }>();
for (const c of world.world.certificates) {
  const facts = certificateFacts.get(c.type) ?? { issuer: c.issuer, title: c.title, holders: new Set() };
  facts.holders.add(c.holderType);
  certificateFacts.set(c.type, facts);
}
// No world record holds the comprehensive licence yet: the service centre issues it (一业一证).
certificateFacts.set('INDUSTRY_COMPREHENSIVE_LICENCE', {
  issuer: 'service-center',
  title: '行业综合许可证',
  holders: new Set(['COMPANY']),
});
const holders = (type: string): Set<string> => certificateFacts.get(type)?.holders ?? new Set();
const requiredCertificates = (m: Matter): string[] =>
  m.materials.filter((x) => x.kind === 'CERTIFICATE' && x.required).map((x) => x.certificateType!);

describe('matter catalogue (matters.json)', () => {
  it('holds exactly 652 matters in format version 1', () => {
    expect(matterFile.version).toBe(1);
    expect(matters).toHaveLength(652);
  });

  it('spreads the matters over exactly the 20 departments of the seed migration, each with at least 5', () => {
    expect(departmentCodes).toHaveLength(20);
    const counts: Record<string, number> = {};
    for (const m of matters) counts[m.department] = (counts[m.department] ?? 0) + 1;
    expect(Object.keys(counts).sort()).toEqual([...departmentCodes].sort());
    expect(counts).toEqual({
      'service-center': 38,
      'public-security': 51,
      'market-supervision': 64,
      health: 45,
      housing: 40,
      tax: 48,
      'human-resources': 48,
      'big-data-center': 9,
      'civil-affairs': 35,
      education: 35,
      'culture-tourism': 35,
      sports: 19,
      'ecology-environment': 25,
      'emergency-management': 21,
      transport: 33,
      'planning-resources': 25,
      commerce: 23,
      'science-technology': 20,
      'medical-security': 25,
      'fire-rescue': 13,
    });
    expect(Math.min(...Object.values(counts))).toBeGreaterThanOrEqual(5);
  });

  it('gives every matter a unique code: one two-letter prefix per department, IND-<industry> for industry licences', () => {
    expect(new Set(matters.map((m) => m.code)).size).toBe(652);
    const prefixes = new Map<string, Set<string>>();
    for (const m of matters) {
      if (m.code.startsWith('IND-')) {
        expect(m.code).toMatch(/^IND-[A-Z]+(-[A-Z]+)*$/);
        expect(m.department).toBe('service-center');
        continue;
      }
      expect(m.code).toMatch(/^[A-Z]{2}-\d{3}$/);
      const prefix = m.code.slice(0, 2);
      prefixes.set(prefix, (prefixes.get(prefix) ?? new Set()).add(m.department));
    }
    expect(prefixes.size).toBe(20);
    for (const departments of prefixes.values()) expect(departments.size).toBe(1);
  });

  it('keeps matter names unique within a department', () => {
    const seen = new Set<string>();
    const duplicates = matters.filter((m) => seen.size === seen.add(`${m.department}/${m.name}`).size);
    expect(duplicates).toEqual([]);
  });

  it('keeps the nine matters of the seed migration with their names, departments, applicants and promised days', () => {
    const seeded = [
      ...readMigration('005_seed_matters.sql').matchAll(
        /\('([A-Z]{2}-\d{3})', '([^']+)', '([^']+)',\s+'([a-z-]+)', '(PERSON|COMPANY|ANY)', (\d+)\)/g,
      ),
    ].map(([, code, name, nameEn, department, kind, days]) => ({
      code,
      name,
      nameEn,
      department,
      audience: kind === 'ANY' ? 'BOTH' : kind,
      promisedTimeLimitDays: Number(days),
    }));
    expect(seeded.map((s) => s.code)).toEqual([
      'PS-001',
      'PS-002',
      'MS-001',
      'HL-001',
      'HL-002',
      'HS-001',
      'TX-001',
      'HR-001',
      'SC-001',
    ]);
    for (const s of seeded) expect(matterByCode.get(s.code!)).toMatchObject(s);
  });

  it('has the kindergarten enrolment ED-001 exactly as the education bureau publishes it', () => {
    expect(matterByCode.get('ED-001')).toEqual({
      code: 'ED-001',
      name: '幼儿园入园登记',
      nameEn: 'Kindergarten enrolment registration',
      department: 'education',
      audience: 'PERSON',
      category: '入园入学',
      channels: ['COUNTER', 'PORTAL', 'APP'],
      legalTimeLimitDays: 30,
      promisedTimeLimitDays: 20,
      materials: [
        {
          code: 'HOUSEHOLD_REGISTER',
          name: '居民户口簿',
          kind: 'CERTIFICATE',
          certificateType: 'HOUSEHOLD_REGISTER',
          required: true,
        },
        {
          code: 'REAL_ESTATE_CERTIFICATE',
          name: '不动产权证书',
          kind: 'CERTIFICATE',
          certificateType: 'REAL_ESTATE_CERTIFICATE',
          required: true,
        },
        { code: 'VACCINATION_RECORD', name: '儿童预防接种证', kind: 'DOCUMENT', required: true },
        { code: 'PHOTO', name: '两寸证件照', kind: 'PHOTO', required: true },
      ],
      issues: null,
    });
  });

  it('has HL-002 renew the public place health permit from the business licence and one form', () => {
    expect(matterByCode.get('HL-002')).toEqual({
      code: 'HL-002',
      name: '公共场所卫生许可证延续',
      nameEn: 'Public place health permit renewal',
      department: 'health',
      audience: 'COMPANY',
      category: '公共卫生许可',
      channels: ['COUNTER', 'PORTAL', 'APP'],
      legalTimeLimitDays: 20,
      promisedTimeLimitDays: 5,
      materials: [
        {
          code: 'BUSINESS_LICENCE',
          name: '营业执照',
          kind: 'CERTIFICATE',
          certificateType: 'BUSINESS_LICENCE',
          required: true,
        },
        { code: 'APPLICATION_FORM', name: '公共场所卫生许可延续申请表', kind: 'FORM', required: true },
      ],
      issues: {
        certificateType: 'PUBLIC_PLACE_HEALTH_PERMIT',
        title: '公共场所卫生许可证',
        validityYears: 4,
      },
    });
  });

  it('offers every matter on known channels, in canonical order, always at the counter or on the portal', () => {
    const bad = matters.filter(
      (m) =>
        m.channels.length === 0 ||
        m.channels.join() !== CHANNELS.filter((c) => m.channels.includes(c)).join() ||
        !(m.channels.includes('COUNTER') || m.channels.includes('PORTAL')),
    );
    expect(bad.map((m) => m.code)).toEqual([]);
  });

  it('describes every matter with its names, category, applicant kind and time limits', () => {
    const bad = matters.filter(
      (m) =>
        Object.keys(m).sort().join() !==
          'audience,category,channels,code,department,issues,legalTimeLimitDays,materials,name,nameEn,promisedTimeLimitDays' ||
        !/\p{Script=Han}/u.test(m.name) ||
        !/^[\x20-\x7e\u00e9]+$/.test(m.nameEn) ||
        m.category.length === 0 ||
        !['PERSON', 'COMPANY', 'BOTH'].includes(m.audience) ||
        !Number.isInteger(m.legalTimeLimitDays) ||
        !Number.isInteger(m.promisedTimeLimitDays) ||
        m.promisedTimeLimitDays < 1 ||
        m.promisedTimeLimitDays > m.legalTimeLimitDays,
    );
    expect(bad.map((m) => m.code)).toEqual([]);
  });

  it('lists materials of the four kinds, unique per matter, with a certificate type exactly on certificates', () => {
    const bad = matters.filter(
      (m) =>
        m.materials.length === 0 ||
        new Set(m.materials.map((x) => x.code)).size !== m.materials.length ||
        m.materials.some(
          (x) =>
            !KINDS.includes(x.kind) ||
            !/^[A-Z][A-Z0-9_]*$/.test(x.code) ||
            !/\p{Script=Han}/u.test(x.name) ||
            typeof x.required !== 'boolean' ||
            (x.kind === 'CERTIFICATE'
              ? !CERTIFICATE_TYPES.includes(x.certificateType!) ||
                x.code !== x.certificateType ||
                x.name !== certificateFacts.get(x.certificateType!)!.title
              : 'certificateType' in x),
        ),
    );
    expect(bad.map((m) => m.code)).toEqual([]);
  });

  it('only names certificate types the library holds, with the titles it prints', () => {
    for (const type of CERTIFICATE_TYPES) expect(certificateFacts.has(type)).toBe(true);
    expect(certificateFacts.size).toBe(CERTIFICATE_TYPES.length);
  });

  it('requires only certificates the applicant itself can hold, since the pre-check looks in its own library', () => {
    const bad = matters.flatMap((m) =>
      requiredCertificates(m)
        .filter((type) =>
          m.audience === 'BOTH'
            ? !(holders(type).has('PERSON') && holders(type).has('COMPANY'))
            : !holders(type).has(m.audience),
        )
        .map((type) => `${m.code} ${m.audience} ${type}`),
    );
    expect(bad).toEqual([]);
  });

  it('issues only certificates of its own department, for the applicant kind, with a whole number of years', () => {
    const issuing = matters.filter((m) => m.issues !== null);
    expect(issuing.length).toBe(52);
    const bad = issuing.filter((m) => {
      const facts = certificateFacts.get(m.issues!.certificateType);
      return (
        !facts ||
        facts.issuer !== m.department ||
        facts.title !== m.issues!.title ||
        (m.audience !== 'BOTH' && !facts.holders.has(m.audience)) ||
        !Number.isInteger(m.issues!.validityYears) ||
        m.issues!.validityYears < 1
      );
    });
    expect(bad.map((m) => m.code)).toEqual([]);
  });

  it('covers the services a district centre is asked for most', () => {
    const names = new Set(matters.map((m) => m.name));
    // The six steps of opening a company in Shanghai.
    for (const name of [
      '有限责任公司设立登记',
      '食品经营许可（新办）',
      '新办纳税人税务登记（套餐）',
      '单位参保登记',
      '公章刻制备案',
      '存款账户账号报告',
    ])
      expect(names).toContain(name);
    // Birth, housing, medical care, investment promotion, employment.
    for (const name of [
      '出生医学证明首次签发',
      '不动产权证书补发',
      '家庭医生签约',
      '外资项目落地服务申请',
      '就业登记',
      '失业保险金申领',
      '异地就医备案',
    ])
      expect(names).toContain(name);
    const citizenServices = (department: string): number =>
      matters.filter((m) => m.department === department && m.audience !== 'COMPANY').length;
    expect({
      education: citizenServices('education'),
      sports: citizenServices('sports'),
      maternity: matters.filter((m) => /孕|生育|母婴|出生/.test(m.name) && m.audience !== 'COMPANY').length,
      investment: matters.filter((m) => /投资|招商/.test(m.name)).length,
      travel: citizenServices('culture-tourism'),
      housing: citizenServices('housing'),
      tax: matters.filter((m) => m.department === 'tax').length,
    }).toEqual({ education: 25, sports: 8, maternity: 14, investment: 9, travel: 10, housing: 37, tax: 48 });
  });
});

describe('industry catalogue (industries.json)', () => {
  const byCode = new Map(industries.map((i) => [i.code, i]));
  const components = (code: string): string[] => byCode.get(code)!.components.map((c) => c.certificateType);

  it('holds the 25 pilot industries of one licence for one industry in format version 1', () => {
    expect(industryFile.version).toBe(1);
    expect(industries.map((i) => i.code)).toEqual([
      'restaurant',
      'pharmacy',
      'supermarket',
      'bakery',
      'convenience-store',
      'hotel',
      'beauty-salon',
      'gym',
      'bookstore',
      'laundry',
      'cinema',
      'ktv',
      'internet-cafe',
      'game-arcade',
      'swimming-pool',
      'cafe',
      'bar',
      'teahouse',
      'childcare',
      'training-institution',
      'travel-agency',
      'bathhouse',
      'maternity-club',
      'medical-device-store',
      'auto-repair',
    ]);
    for (const i of industries) {
      expect(/\p{Script=Han}/u.test(i.name)).toBe(true);
      expect(i.nameEn).toMatch(/^[\x20-\x7e\u00e9]+$/);
    }
  });

  it('includes the industry of every company in the mock world', () => {
    const worldIndustries = new Set(world.world.companies.map((c) => c.industry));
    expect(worldIndustries.size).toBe(10);
    for (const code of worldIndustries) expect(byCode.has(code)).toBe(true);
  });

  it('opens each industry licence through its own service-centre matter that issues the comprehensive licence', () => {
    for (const i of industries) {
      expect(i.matterCode).toBe(`IND-${i.code.toUpperCase()}`);
      const matter = matterByCode.get(i.matterCode);
      expect(matter).toMatchObject({
        department: 'service-center',
        audience: 'COMPANY',
        issues: {
          certificateType: 'INDUSTRY_COMPREHENSIVE_LICENCE',
          title: '行业综合许可证',
          validityYears: 5,
        },
      });
      expect(requiredCertificates(matter!)).toEqual(components(i.code));
    }
    expect(matters.filter((m) => m.code.startsWith('IND-'))).toHaveLength(25);
  });

  it('builds licences only from company certificates, named and issued as the library has them', () => {
    for (const i of industries) {
      expect(i.components.length).toBeGreaterThanOrEqual(2);
      expect(new Set(components(i.code)).size).toBe(i.components.length);
      for (const c of i.components) {
        const facts = certificateFacts.get(c.certificateType)!;
        expect({ ...c, holder: facts.holders.has('COMPANY') }).toEqual({
          certificateType: c.certificateType,
          name: facts.title,
          department: facts.issuer,
          holder: true,
        });
        expect(departmentCodes).toContain(c.department);
      }
    }
  });

  it('asks of the golden restaurant, pharmacy and supermarket exactly what the demo story needs', () => {
    expect(components('restaurant')).toEqual([
      'BUSINESS_LICENCE',
      'FOOD_BUSINESS_PERMIT',
      'PUBLIC_PLACE_HEALTH_PERMIT',
      'TAX_REGISTRATION',
    ]);
    expect(components('pharmacy')).toEqual([
      'BUSINESS_LICENCE',
      'DRUG_RETAIL_PERMIT',
      'FOOD_BUSINESS_PERMIT',
      'TAX_REGISTRATION',
    ]);
    expect(components('supermarket')).toEqual([
      'BUSINESS_LICENCE',
      'FOOD_BUSINESS_PERMIT',
      'TAX_REGISTRATION',
    ]);
    // What each golden company holds VALID today decides the story: the restaurant misses one permit only.
    const validTypes = (uscc: string): string[] =>
      (world.certificatesByHolder.get(uscc) ?? []).filter((c) => c.status === 'VALID').map((c) => c.type);
    const missing = (code: string, uscc: string): string[] =>
      components(code).filter((t) => !validTypes(uscc).includes(t));
    expect({
      restaurant: missing('restaurant', GOLDEN.restaurant),
      pharmacy: missing('pharmacy', GOLDEN.pharmacy),
      supermarket: missing('supermarket', GOLDEN.supermarket),
    }).toEqual({ restaurant: ['PUBLIC_PLACE_HEALTH_PERMIT'], pharmacy: [], supermarket: [] });
  });
});
