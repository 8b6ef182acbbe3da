import { newAdapterContext } from '../kit/operation';
import type { BigDataCenterAdapter, Certificate, HolderRef } from './index';

/** What the scenario needs of the library's mock (the test passes the real one; product code never imports mocks/). */
export interface CountingLibrary {
  controller: { resetCounts(): void; stats(): { byOperation: Record<string, number> } };
}

/**
 * Two adapters that share a cache as two processes would (the big-data-center subgraph
 * reading, the service centre writing): the reader caches a person's certificates, the
 * writer issues him one and then revokes it, and after each write the reader's next read,
 * by holder, id and verification code, must show it. `run` is a tag that keeps request ids
 * unique per run. Returns what the reader saw and the library requests made.
 */
export async function readerSeesWriterWrites(
  reader: BigDataCenterAdapter,
  writer: BigDataCenterAdapter,
  mock: CountingLibrary,
  personId: string,
  run: string,
): Promise<{
  listLengths: number[];
  issued: Certificate;
  afterIssue: { listed: boolean; byId: string | undefined; byCode: string | undefined };
  afterRevoke: { byHolder: string | undefined; byId: string | undefined; byCode: string | undefined };
  requests: Record<string, number>;
}> {
  const holder: HolderRef = { type: 'PERSON', id: personId };
  const list = () => reader.certificatesByHolder(newAdapterContext(), holder);
  mock.controller.resetCounts();
  const first = await list();
  const cached = await list();
  const issued = await writer.issueCertificate(newAdapterContext(), {
    type: 'HEALTH_CERTIFICATE',
    title: '食品从业人员健康证明',
    issuerCode: 'health',
    holderType: 'PERSON',
    holderId: personId,
    validFrom: '2026-11-26',
    validUntil: '2027-11-25',
    requestId: `INV-${run}-issue`,
  });
  const afterIssueList = await list();
  const afterIssue = {
    listed: afterIssueList.some((c) => c.id === issued.id),
    byId: (await reader.certificate(newAdapterContext(), issued.id))?.status,
    byCode: (await reader.certificateByVerificationCode(newAdapterContext(), issued.verificationCode))
      ?.status,
  };
  await writer.revokeCertificate(newAdapterContext(), issued.id, '测试注销', `INV-${run}-revoke`);
  const afterRevoke = {
    byHolder: (await list()).find((c) => c.id === issued.id)?.status,
    byId: (await reader.certificate(newAdapterContext(), issued.id))?.status,
    byCode: (await reader.certificateByVerificationCode(newAdapterContext(), issued.verificationCode))
      ?.status,
  };
  return {
    listLengths: [first.length, cached.length, afterIssueList.length],
    issued,
    afterIssue,
    afterRevoke,
    requests: mock.controller.stats().byOperation,
  };
}
