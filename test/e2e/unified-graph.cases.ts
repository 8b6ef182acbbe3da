import { GOLDEN } from '../../mocks/data/golden';
import { bulkPersonId } from '../../mocks/data/generator';
import { startStack, type Stack, type StackOptions } from '../helpers/stack';
import { COUNTER_VIEW_QUERY } from '../../gateway/first-query';

/**
 * The unified graph end to end, through the gateway. The same cases run on embedded
 * defaults (unified-graph.test.ts) and on Redis, PostgreSQL and MariaDB
 * (unified-graph.integration.test.ts).
 */
interface Named {
  name: string;
}
interface CounterView {
  certificates: { type: string; issuer: { code: string; name: string } }[];
  properties: unknown[];
  socialSecurity: unknown;
  companies: { licences: { type: string }[]; cases: unknown[] }[];
  cases: unknown[];
  parents: Named[];
  birthMedicalCertificate: unknown;
}

export function describeUnifiedGraph(title: string, options: () => StackOptions): void {
  describe(title, () => {
    let stack: Stack;
    beforeAll(async () => {
      stack = await startStack(options());
    }, 60_000);
    afterAll(() => stack?.close());
    beforeEach(() => stack.resetCounters());

    it("gives Zhang Wei's counter view from every department in one query", async () => {
      const { status, body } = await stack.query(COUNTER_VIEW_QUERY, { id: GOLDEN.zhangWei });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const p = body.data!.person as CounterView;
      expect(p).toMatchObject({
        id: GOLDEN.zhangWei,
        name: '张伟',
        documentType: 'RESIDENT_ID_CARD',
        birthDate: '1990-03-07',
      });
      const issuers = new Set(p.certificates.map((c) => c.issuer.code));
      expect([...issuers].sort()).toEqual(['health', 'housing', 'human-resources', 'public-security', 'tax']);
      expect(p.certificates.find((c) => c.type === 'RESIDENT_ID_CARD')!.issuer).toEqual({
        code: 'public-security',
        name: '公安分局',
      });
      expect(p.properties).toEqual([
        { address: '上海市普陀区长寿路588弄12号602室', floorAreaM2: 89.46, usage: 'RESIDENTIAL' },
      ]);
      expect(p.socialSecurity).toEqual({
        cardNumber: 'SH0017350017',
        status: 'CONTRIBUTING',
        contributionMonths: 91,
        employerName: '上海普陀张记餐饮有限公司',
      });
      expect(p.companies).toHaveLength(1);
      const restaurant = p.companies[0]!;
      expect(restaurant).toMatchObject({
        uscc: GOLDEN.restaurant,
        name: '上海普陀张记餐饮有限公司',
        legalRepresentative: { name: '张伟' },
        taxStatus: { creditRating: 'A', status: 'NORMAL', inGoodStanding: true },
      });
      expect(restaurant.licences.map((l) => l.type).sort()).toEqual([
        'BUSINESS_LICENCE',
        'FOOD_BUSINESS_PERMIT',
      ]);
      // Zhang Wei's own case is closed; the restaurant's health permit renewal is in review.
      expect(p.cases).toEqual([]);
      expect(restaurant.cases).toEqual([
        {
          id: 'C2026112000001',
          matterName: '公共场所卫生许可证延续',
          status: 'IN_REVIEW',
          channel: 'COUNTER',
        },
      ]);
    });

    it("names the restaurant's legal representative: Zhang Wei", async () => {
      const { body } = await stack.query(
        'query($u: ID!) { company(uscc: $u) { legalRepresentative { name } } }',
        { u: GOLDEN.restaurant },
      );
      expect(body).toEqual({ data: { company: { legalRepresentative: { name: '张伟' } } } });
    });

    it.each([
      [GOLDEN.zhangWei, '张伟', 'RESIDENT_ID_CARD', 'CHN'],
      [GOLDEN.liNa, '李娜', 'RESIDENT_ID_CARD', 'CHN'],
      [GOLDEN.chanKaMing, '陳家明', 'HK_MACAO_RESIDENCE_PERMIT', 'HKG'],
      [GOLDEN.zhangXiaoyu, '张晓玥', 'RESIDENT_ID_CARD', 'CHN'],
      [GOLDEN.wangQiang, '王强', 'RESIDENT_ID_CARD', 'CHN'],
      [GOLDEN.foreigner, 'WHITFIELD JAMES', 'PASSPORT', 'GBR'],
      [GOLDEN.zhouYan, '周𠮷䶮', 'RESIDENT_ID_CARD', 'CHN'],
    ])('resolves the golden person %s (%s)', async (id, name, documentType, nationality) => {
      const { body } = await stack.query(
        'query($id: ID!) { person(id: $id) { id name documentType nationality } }',
        { id },
      );
      expect(body).toEqual({ data: { person: { id, name, documentType, nationality } } });
    });

    it("shows the child's birth medical certificate and parents across departments", async () => {
      const { body } = await stack.query(
        `query($id: ID!) { person(id: $id) { parents { name } birthMedicalCertificate { number hospital weightGrams mother { name } } } }`,
        { id: GOLDEN.zhangXiaoyu },
      );
      expect(body.errors).toBeUndefined();
      const p = body.data!.person as CounterView;
      expect(p.parents.map((x) => x.name).sort()).toEqual(['张伟', '李娜']);
      expect(p.birthMedicalCertificate).toEqual({
        number: 'Q310512347',
        hospital: '上海市普陀区妇婴保健院',
        weightGrams: 3350,
        mother: { name: '李娜' },
      });
    });

    it('makes at most one legacy call per system per nesting level for a person with 20 certificates and 5 companies', async () => {
      const heavy = bulkPersonId(0);
      const { body } = await stack.query(
        `query($id: ID!) { person(id: $id) {
            name
            certificates { id issuer { name } }
            properties { certificateNumber }
            socialSecurity { cardNumber }
            healthCertificates { number }
            companies {
              name
              licences { number }
              taxStatus { creditRating }
              certificates { id }
              properties { certificateNumber }
              publicPlaceHealthPermits { number }
            }
          } }`,
        { id: heavy },
      );
      expect(body.errors).toBeUndefined();
      const p = body.data!.person as CounterView;
      expect(p.certificates).toHaveLength(20);
      expect(p.properties).toHaveLength(17);
      expect(p.companies).toHaveLength(5);
      // Level 1: the person (public security). Level 2: the person's fields, one call per system.
      // Level 3: the five companies' fields, again one call per system for all five.
      const calls = stack.legacyRequests();
      expect(calls['public-security']).toBe(1);
      expect(calls['big-data-center']).toBe(2);
      expect(calls['market-supervision']).toBe(2);
      expect(calls.housing).toBe(2);
      expect(calls.health).toBe(2);
      expect(calls['human-resources']).toBe(1);
      expect(calls.tax).toBe(1);
    });

    it('refuses an invalid identity number with a stable code and asks no department', async () => {
      const { body } = await stack.query('query($id: ID!) { person(id: $id) { name certificates { id } } }', {
        id: '310107199003070018',
      });
      expect(body.data).toEqual({ person: null });
      expect(body.errors).toHaveLength(1);
      expect(body.errors![0]!.extensions).toEqual({
        code: 'INVALID_IDENTITY_NUMBER',
        department: 'public-security',
      });
      expect(Object.values(stack.legacyRequests()).reduce((a, b) => a + b, 0)).toBe(0);
    });

    it('refuses an invalid credit code with a stable code and asks no department', async () => {
      const { body } = await stack.query(
        'query($u: ID!) { company(uscc: $u) { name taxStatus { creditRating } } }',
        { u: '91310107MA1FL3K2XA' },
      );
      expect(body.data).toEqual({ company: null });
      expect(body.errors![0]!.extensions).toEqual({
        code: 'INVALID_CREDIT_CODE',
        department: 'market-supervision',
      });
      expect(Object.values(stack.legacyRequests()).reduce((a, b) => a + b, 0)).toBe(0);
    });

    it('answers null, without an error, for a valid number nobody holds', async () => {
      const { body } = await stack.query(
        'query { person(id: "11010519491231002X") { name } company(uscc: "91110000100000000R") { name } }',
      );
      expect(body).toEqual({ data: { person: null, company: null } });
    });
  });
}
