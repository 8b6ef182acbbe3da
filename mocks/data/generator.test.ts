import { parseIdentity, parseUscc } from '../../adapters/kit/identity';
import { GOLDEN } from './golden';
import { bulkCompanyUscc, bulkPersonId, generateWorld } from './generator';
import { indexWorld } from './world';

describe('generateWorld', () => {
  it('is deterministic for a seed and differs for another', () => {
    expect(generateWorld({ people: 200, seed: 1 })).toEqual(generateWorld({ people: 200, seed: 1 }));
    expect(generateWorld({ people: 200, seed: 1 }).people[10]!.name).not.toEqual(
      generateWorld({ people: 200, seed: 2 }).people[10]!.name,
    );
  });

  it('holds every golden record, consistent across departments', () => {
    const w = indexWorld(generateWorld({ people: 0 }));
    for (const id of [
      GOLDEN.zhangWei,
      GOLDEN.liNa,
      GOLDEN.chanKaMing,
      GOLDEN.zhangXiaoyu,
      GOLDEN.wangQiang,
      GOLDEN.foreigner,
    ])
      expect(w.personById.has(id)).toBe(true);
    expect(w.companyByUscc.get(GOLDEN.restaurant)!.legalRepresentativeId).toBe(GOLDEN.zhangWei);
    expect(w.taxByUscc.get(GOLDEN.restaurant)!.creditRating).toBe('A');
    expect(w.propertiesByOwner.get(GOLDEN.restaurant)!.map((p) => p.usage)).toEqual(['COMMERCIAL']);
    const issuers = new Set(w.certificatesByHolder.get(GOLDEN.zhangWei)!.map((c) => c.issuer));
    expect([...issuers].sort()).toEqual(['health', 'housing', 'human-resources', 'public-security', 'tax']);
    expect(w.birthByChild.get(GOLDEN.zhangXiaoyu)!.motherId).toBe(GOLDEN.liNa);
  });

  it('makes valid, unique identity numbers and credit codes at any size', () => {
    const w = generateWorld({ people: 5_000 });
    expect(new Set(w.people.map((p) => p.id)).size).toBe(5_007);
    expect(new Set(w.companies.map((c) => c.uscc)).size).toBe(503);
    for (const p of w.people) expect(parseIdentity(p.id).id).toBe(p.id);
    for (const c of w.companies) expect(parseUscc(c.uscc)).toBe(c.uscc);
    expect(bulkPersonId(123_456_789)).toHaveLength(18);
    expect(parseUscc(bulkCompanyUscc(9_999_999))).toHaveLength(18);
  });

  it('gives the heavy bulk person 20 certificates, 5 companies and 17 properties', () => {
    const w = indexWorld(generateWorld({ people: 100 }));
    const heavy = bulkPersonId(0);
    expect(w.certificatesByHolder.get(heavy)).toHaveLength(20);
    expect(w.companiesByLegalRep.get(heavy)).toHaveLength(5);
    expect(w.propertiesByOwner.get(heavy)).toHaveLength(17);
  });

  it('reports progress up to the total', () => {
    const seen: number[] = [];
    generateWorld({ people: 1_000, onProgress: (done, total) => seen.push(done / total) });
    expect(seen.length).toBeGreaterThanOrEqual(100);
    expect(seen[seen.length - 1]).toBe(1);
  });
});
