import { seededRandom } from '../kit/random';
import { goldenWorld } from './golden';
import {
  indexWorld,
  type World,
  type WorldIndex,
  type WCertificate,
  type WCompany,
  type WPerson,
} from './world';

export interface GenerateOptions {
  /** Bulk people besides the golden records. @default 1_000 */
  people?: number;
  /** Bulk companies. @default one for every ten people */
  companies?: number;
  /** Seed of the generator: the same seed and sizes give the same world, in every mock. @default 20261126 */
  seed?: number;
  /** Called every 1% with how many records are done, so long runs can show progress. */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_SEED = 20261126;

// Districts of Shanghai other than Putuo (310107), which the golden records use, so bulk ids never collide with them.
const DISTRICTS = [
  '310101',
  '310104',
  '310105',
  '310106',
  '310109',
  '310110',
  '310112',
  '310113',
  '310115',
  '310116',
];
const STREETS = [
  '长寿路',
  '曹杨路',
  '真北路',
  '武宁路',
  '中山北路',
  '金沙江路',
  '桃浦路',
  '光复西路',
  '大渡河路',
  '铜川路',
  '宜川路',
  '梅川路',
];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉鑫宇浩然子轩欣怡梓涵诗雨佳琪晨阳博文雅婷俊杰思远';
const INDUSTRIES = [
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
];
const COMPANY_WORDS = [
  '兴盛',
  '康泰',
  '宏达',
  '惠民',
  '鑫源',
  '瑞丰',
  '华联',
  '佳美',
  '恒信',
  '安和',
  '福临',
  '金桥',
];
const INDUSTRY_NOUN: Record<string, string> = {
  restaurant: '餐饮',
  pharmacy: '大药房',
  supermarket: '超市',
  bakery: '食品',
  'convenience-store': '便利店',
  hotel: '酒店管理',
  'beauty-salon': '美容美发',
  gym: '健身',
  bookstore: '图书',
  laundry: '洗涤服务',
};
const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

// The mocks compute check characters themselves: they must not depend on the adapters they fake for.
function idCheck(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * ID_WEIGHTS[i]!;
  return '10X98765432'[sum % 11]!;
}
function usccCheck(s: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(s[i]!) * USCC_WEIGHTS[i]!;
  const c = 31 - (sum % 31);
  return USCC_CHARSET[c === 31 ? 0 : c]!;
}

const DAY = 86_400_000;
const EPOCH_1950 = Date.UTC(1950, 0, 1);
function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The identity number of bulk person `i` (0-based); unique for any size up to 270 million. */
export function bulkPersonId(i: number): string {
  const district = DISTRICTS[i % DISTRICTS.length]!;
  const q = Math.floor(i / DISTRICTS.length);
  const seq = q % 1000;
  const day = (Math.floor(q / 1000) * 7919) % 20_000; // 7919 is prime, so distinct blocks land on distinct days
  const birth = isoDate(EPOCH_1950 + day * DAY).replace(/-/g, '');
  const first17 = district + birth + String(seq).padStart(3, '0');
  return first17 + idCheck(first17);
}

/** The unified social credit code of bulk company `j` (0-based). */
export function bulkCompanyUscc(j: number): string {
  let n = j;
  let org = '';
  for (let k = 0; k < 7; k++) {
    org = USCC_CHARSET[n % 31]! + org;
    n = Math.floor(n / 31);
  }
  const district = DISTRICTS[j % DISTRICTS.length]!;
  const first17 = '91' + district + 'MA' + org;
  return first17 + usccCheck(first17);
}

/**
 * Bulk person 0 is the "heavy" one: legal representative of 5 companies and holder of
 * 20 certificates (ID card, social security card, health certificate and 17 properties),
 * the case the no-N+1 tests query.
 */
export const HEAVY_PERSON_INDEX = 0;

/** Golden records plus a deterministic bulk data set of the requested size. */
export function generateWorld(options: GenerateOptions = {}): World {
  const nPeople = options.people ?? 1_000;
  const nCompanies = options.companies ?? Math.max(5, Math.ceil(nPeople / 10));
  if (!Number.isInteger(nPeople) || nPeople < 0)
    throw new TypeError(`people must be a whole number: ${nPeople}`);
  if (!Number.isInteger(nCompanies) || nCompanies < 0)
    throw new TypeError(`companies must be a whole number: ${nCompanies}`);
  const rand = seededRandom(options.seed ?? DEFAULT_SEED);
  const pick = <T>(xs: readonly T[] | string): T => xs[Math.floor(rand() * xs.length)] as T;
  const world = goldenWorld();
  const total = nPeople + nCompanies;
  const step = Math.max(1, Math.floor(total / 100));
  let done = 0;
  const tick = () => {
    done++;
    if (options.onProgress && (done % step === 0 || done === total)) options.onProgress(done, total);
  };

  const people: WPerson[] = [];
  for (let i = 0; i < nPeople; i++) {
    const id = bulkPersonId(i);
    const sexDigit = Number(id[16]);
    const person: WPerson = {
      id,
      documentType: 'RESIDENT_ID_CARD',
      documentNumber: id,
      name: pick<string>(SURNAMES) + pick<string>(GIVEN) + (rand() < 0.6 ? pick<string>(GIVEN) : ''),
      sex: sexDigit % 2 === 1 ? 'M' : 'F',
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      nationality: 'CHN',
      householdAddress: `上海市${pick(STREETS)}${1 + Math.floor(rand() * 2000)}弄${1 + Math.floor(rand() * 40)}号${101 + Math.floor(rand() * 20) * 100}室`,
      phone: '13' + String(Math.floor(rand() * 1e9)).padStart(9, '0'),
    };
    people.push(person);
    const issued = `20${String(10 + Math.floor(rand() * 15)).padStart(2, '0')}-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`;
    const expires = `20${String(Number(issued.slice(2, 4)) + 20)}${issued.slice(4)}`;
    world.certificates.push(
      certificate(
        `PS-ID-${id}`,
        'RESIDENT_ID_CARD',
        '居民身份证',
        'public-security',
        'PERSON',
        id,
        issued,
        expires,
        id,
      ),
    );
    world.certificates.push(
      certificate(
        `HR-SSC-${id}`,
        'SOCIAL_SECURITY_CARD',
        '社会保障卡',
        'human-resources',
        'PERSON',
        id,
        issued,
        expires,
        `SH${id.slice(8, 18)}`,
      ),
    );
    const heavy = i === HEAVY_PERSON_INDEX;
    if (heavy || rand() < 0.3)
      world.certificates.push(
        certificate(
          `HL-HC-B${i}`,
          'HEALTH_CERTIFICATE',
          '食品从业人员健康证明',
          'health',
          'PERSON',
          id,
          '2026-02-01',
          '2027-01-31',
          `卫健(2026)B${i}`,
        ),
      );
    const nProps = heavy ? 17 : rand() < 0.4 ? 1 : 0;
    for (let k = 0; k < nProps; k++) {
      const certNo = `沪(2018)字不动产权第B${i}-${k}号`;
      const certId = `HS-RE-B${i}-${k}`;
      world.certificates.push(
        certificate(
          certId,
          'REAL_ESTATE_CERTIFICATE',
          '不动产权证书',
          'housing',
          'PERSON',
          id,
          '2018-05-20',
          null,
          certNo,
        ),
      );
      world.properties.push({
        certificateNo: certNo,
        certificateId: certId,
        unitNo: `B${i}-${k}`,
        address: `上海市${pick(STREETS)}${1 + Math.floor(rand() * 2000)}号${k + 1}01室`,
        areaM2: Math.round((40 + rand() * 120) * 100) / 100,
        usage: 'RESIDENTIAL',
        registeredOn: '2018-05-20',
        owners: [{ type: 'PERSON', id, sharePct: 100 }],
        mortgaged: rand() < 0.5,
      });
    }
    tick();
  }
  world.people.push(...people);

  const companies: WCompany[] = [];
  for (let j = 0; j < nCompanies; j++) {
    const uscc = bulkCompanyUscc(j);
    const industry = INDUSTRIES[j % INDUSTRIES.length]!;
    const legalRep =
      nPeople === 0
        ? world.people[0]!.id
        : j < 5
          ? people[HEAVY_PERSON_INDEX]!.id
          : people[(j * 7) % nPeople]!.id;
    const established = `20${String(5 + Math.floor(rand() * 20)).padStart(2, '0')}-0${1 + Math.floor(rand() * 9)}-2${Math.floor(rand() * 8)}`;
    const company: WCompany = {
      uscc,
      name: `上海${pick(COMPANY_WORDS)}${INDUSTRY_NOUN[industry]}有限公司${j}`,
      legalRepresentativeId: legalRep,
      industry,
      address: `上海市${pick(STREETS)}${1 + Math.floor(rand() * 3000)}号`,
      establishedOn: established,
      registeredCapital: 10 * (1 + Math.floor(rand() * 100)),
      status: 'OPERATING',
      businessScope: INDUSTRY_NOUN[industry]!,
    };
    companies.push(company);
    world.certificates.push(
      certificate(
        `MS-BL-${uscc}`,
        'BUSINESS_LICENCE',
        '营业执照',
        'market-supervision',
        'COMPANY',
        uscc,
        established,
        null,
        uscc,
      ),
    );
    if (['restaurant', 'supermarket', 'bakery', 'convenience-store'].includes(industry))
      world.certificates.push(
        certificate(
          `MS-FBP-B${j}`,
          'FOOD_BUSINESS_PERMIT',
          '食品经营许可证',
          'market-supervision',
          'COMPANY',
          uscc,
          '2023-03-01',
          '2028-02-28',
          `JY1B${j}`,
        ),
      );
    if (industry === 'pharmacy')
      world.certificates.push(
        certificate(
          `MS-DRP-B${j}`,
          'DRUG_RETAIL_PERMIT',
          '药品经营许可证',
          'market-supervision',
          'COMPANY',
          uscc,
          '2023-03-01',
          '2028-02-28',
          `沪DB${j}`,
        ),
      );
    world.certificates.push(
      certificate(
        `TX-REG-${uscc}`,
        'TAX_REGISTRATION',
        '税务登记证明',
        'tax',
        'COMPANY',
        uscc,
        established,
        null,
        uscc,
      ),
    );
    world.tax.push({
      uscc,
      taxpayerId: uscc,
      registeredOn: established,
      creditRating: pick(['A', 'A', 'B', 'B', 'M', 'C', 'D'] as const),
      taxOffice: '国家税务总局上海市税务局',
      status: rand() < 0.95 ? 'NORMAL' : 'ABNORMAL',
      arrears: rand() < 0.85 ? 0 : Math.round(rand() * 5_000_000) / 100,
      lastFiledPeriod: '2026-10',
    });
    tick();
  }
  world.companies.push(...companies);

  // Employment: about seven in ten bulk people work for a bulk company.
  for (let i = 0; i < nPeople && nCompanies > 0; i++) {
    if (rand() >= 0.7) continue;
    const c = companies[i % nCompanies]!;
    world.employment.push({
      personId: people[i]!.id,
      employerUscc: c.uscc,
      employerName: c.name,
      socialSecurityCardNo: `SH${people[i]!.id.slice(8, 18)}`,
      startedOn: '2020-01-01',
      contributionMonths: 12 + Math.floor(rand() * 200),
      lastContributionMonth: '2026-10',
      monthlyBase: 1000 * (7 + Math.floor(rand() * 30)),
      status: 'CONTRIBUTING',
    });
  }
  return world;
}

function certificate(
  id: string,
  type: string,
  title: string,
  issuer: WCertificate['issuer'],
  holderType: WCertificate['holderType'],
  holderId: string,
  validFrom: string,
  validUntil: string | null,
  number: string,
): WCertificate {
  return { id, type, title, issuer, holderType, holderId, validFrom, validUntil, status: 'VALID', number };
}

const worlds = new Map<string, WorldIndex>();

/**
 * The indexed world for these sizes, generated once per process. Every mock calls this
 * with the same options (from MOCK_PEOPLE / MOCK_SEED), so they all hold the same data.
 */
export function loadWorld(options: Omit<GenerateOptions, 'onProgress'> = {}): WorldIndex {
  const key = `${options.people ?? 1_000}/${options.companies ?? ''}/${options.seed ?? DEFAULT_SEED}`;
  let w = worlds.get(key);
  if (!w) {
    // Large worlds take seconds: show progress on stderr so a starting mock does not look stuck.
    const big = (options.people ?? 1_000) >= 50_000 && !process.env.JEST_WORKER_ID;
    const onProgress = big
      ? (done: number, total: number) => {
          if (done === total || done % Math.ceil(total / 10) < Math.ceil(total / 100))
            process.stderr.write(
              `generating world: ${Math.floor((done / total) * 100)}% (${done}/${total})\n`,
            );
        }
      : undefined;
    w = indexWorld(generateWorld({ ...options, onProgress }));
    worlds.set(key, w);
  }
  return w;
}

/** World size from the environment: MOCK_PEOPLE (default 1000), MOCK_SEED. */
export function worldOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): { people: number; seed: number } {
  const people = env.MOCK_PEOPLE === undefined ? 1_000 : Number(env.MOCK_PEOPLE);
  const seed = env.MOCK_SEED === undefined ? DEFAULT_SEED : Number(env.MOCK_SEED);
  if (!Number.isInteger(people) || people < 0)
    throw new TypeError(`MOCK_PEOPLE must be a whole number: ${env.MOCK_PEOPLE}`);
  if (!Number.isInteger(seed)) throw new TypeError(`MOCK_SEED must be an integer: ${env.MOCK_SEED}`);
  return { people, seed };
}
