import { MemoryCache } from '../kit/cache';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import { createBigDataCenterAdapter, type BigDataCenterAdapter } from './index';
import { readerSeesWriterWrites } from './invalidation-scenario';

let mock: MockHandle;
const adapters: BigDataCenterAdapter[] = [];
const adapter = (cache: MemoryCache, cacheTtlMs?: number) => {
  const a = createBigDataCenterAdapter({ url: mock.url, cache, cacheTtlMs });
  adapters.push(a);
  return a;
};

beforeAll(async () => {
  mock = await startBigDataCenterMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 50 }),
    baseLatencyMs: 0,
  });
});
afterAll(async () => {
  await Promise.all(adapters.map((a) => a.close()));
  await mock.close();
});

describe('certificate cache invalidation on writes, in-process cache', () => {
  it('caches certificates for the certificate data class TTL (60 s) unless the option says otherwise', () => {
    const cache = new MemoryCache();
    const { certificatesByHolder, certificateById, certificateByVerificationCode, issuerKeyByCode } =
      adapter(cache).operations;
    expect(
      [certificatesByHolder, certificateById, certificateByVerificationCode, issuerKeyByCode].map((op) => [
        op.dataClass,
        op.policy.cacheTtlMs,
      ]),
    ).toEqual([
      ['certificate', 60_000],
      ['certificate', 60_000],
      ['certificate', 60_000],
      ['signing-key', 3_600_000],
    ]);
    expect(adapter(cache, 5_000).operations.certificatesByHolder.policy.cacheTtlMs).toBe(5_000);
  });

  it("shows a writer's issue and revocation at once to a reader sharing its cache (two adapters, one process)", async () => {
    const cache = new MemoryCache();
    const seen = await readerSeesWriterWrites(adapter(cache), adapter(cache), mock, GOLDEN.wangQiang, 'mem');
    expect(seen.listLengths).toEqual([4, 4, 5]);
    expect(seen.afterIssue).toEqual({ listed: true, byId: 'VALID', byCode: 'VALID' });
    expect(seen.afterRevoke).toEqual({ byHolder: 'REVOKED', byId: 'REVOKED', byCode: 'REVOKED' });
    // The list twice (once cached), again after each write; id and code once after each write.
    expect(seen.requests).toEqual({
      'certificates:searchByHolders': 3,
      'certificates:issue': 1,
      'certificates:revoke': 1,
      'certificates:batchGet': 2,
      'certificates:findByVerificationCode': 2,
    });
  });

  it('leaves a reader with a cache of its own (another process) on its copy until the TTL runs out', async () => {
    const reader = adapter(new MemoryCache(), 300);
    const writer = adapter(new MemoryCache());
    const holder = { type: 'PERSON' as const, id: GOLDEN.zhangWei };
    const before = (await reader.certificatesByHolder(newAdapterContext(), holder)).length;
    await writer.issueCertificate(newAdapterContext(), {
      type: 'HEALTH_CERTIFICATE',
      title: '食品从业人员健康证明',
      issuerCode: 'health',
      holderType: 'PERSON',
      holderId: GOLDEN.zhangWei,
      validFrom: '2026-11-26',
      validUntil: '2027-11-25',
      requestId: 'INV-own-cache-issue',
    });
    const stale = (await reader.certificatesByHolder(newAdapterContext(), holder)).length;
    await new Promise((r) => setTimeout(r, 350));
    const expired = (await reader.certificatesByHolder(newAdapterContext(), holder)).length;
    expect([stale - before, expired - before]).toEqual([0, 1]);
  });
});
