import { loadWorld } from '../data/generator';
import { GOLDEN } from '../data/golden';
import type { MockHandle } from '../kit/mock-server';
import { startHealthMock } from './server';

const RID = 'urn:oid:2.16.156.10011.1.1';
const USCC = 'urn:oid:2.16.156.10011.1.5';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('health FHIR mock', () => {
  const world = loadWorld({ people: 300 });
  let mock: MockHandle;
  const get = async (path: string): Promise<{ status: number; type: string | null; body: Json }> => {
    const res = await fetch(mock.url + path);
    return { status: res.status, type: res.headers.get('content-type'), body: (await res.json()) as Json };
  };
  const holders = [...world.certificatesByHolder.entries()].filter(
    ([id, certs]) =>
      world.personById.has(id) &&
      world.personById.get(id)!.documentType === 'RESIDENT_ID_CARD' &&
      certs.some((c) => c.issuer === 'health'),
  );
  const everyHolder = holders.map(([id]) => `${RID}|${id}`);
  const documentCount = holders.reduce(
    (n, [, certs]) => n + certs.filter((c) => c.issuer === 'health').length,
    0,
  );

  beforeAll(async () => {
    mock = await startHealthMock({ world, port: 0, adminPort: 0, baseLatencyMs: 0 });
  });
  afterAll(() => mock.close());
  beforeEach(() => {
    mock.controller.clear();
    mock.controller.resetCounts();
  });

  it('finds documents of several subjects OR-ed with commas, filtered by type', async () => {
    const subjects = encodeURIComponent(
      `${RID}|${GOLDEN.zhangWei},${RID}|${GOLDEN.zhangXiaoyu},${USCC}|${GOLDEN.restaurant}`,
    );
    const { status, type, body } = await get(
      `/fhir/DocumentReference?subject:identifier=${subjects}&type=health-certificate,public-place-health-permit`,
    );
    expect([status, type, body.resourceType, body.type, body.total]).toEqual([
      200,
      'application/fhir+json;charset=utf-8',
      'Bundle',
      'searchset',
      2,
    ]);
    expect(
      body.entry.map((e: Json) => [e.resource.id, e.resource.status, e.resource.context.period]),
    ).toEqual([
      ['HL-HC-2026-000173', 'current', { start: '2026-03-01', end: '2027-02-28' }],
      ['HL-PPH-2023-0107-0412', 'superseded', { start: '2022-07-01', end: '2026-06-30' }],
    ]);
    expect(mock.controller.stats().keysByOperation).toEqual({ 'DocumentReference.search': 3 });
  });

  it('clamps _count to 50 and serves the rest through the next link until the last page', async () => {
    expect([everyHolder.length, documentCount]).toEqual([98, 98]);
    const first = await get(
      `/fhir/DocumentReference?subject:identifier=${encodeURIComponent(everyHolder.join(','))}&_count=500`,
    );
    expect([first.body.total, first.body.entry.length]).toEqual([98, 50]);
    let next = first.body.link.find((l: Json) => l.relation === 'next').url as string;
    let read = 50;
    while (next) {
      const page = await get(new URL(next).pathname + new URL(next).search);
      read += page.body.entry.length;
      next = page.body.link.find((l: Json) => l.relation === 'next')?.url;
    }
    expect(read).toBe(98);
    expect(mock.controller.stats().byOperation).toEqual({ 'DocumentReference.search': 1, 'Bundle.page': 1 });
  });

  it('answers an empty searchset Bundle without entry for an unknown subject', async () => {
    const { body } = await get(`/fhir/DocumentReference?subject:identifier=${RID}|110101199001010010`);
    expect(body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });
    expect(body.entry).toBeUndefined();
  });

  it('finds a Patient by identifier', async () => {
    const { body } = await get(`/fhir/Patient?identifier=${encodeURIComponent(`${RID}|${GOLDEN.liNa}`)}`);
    expect(
      body.entry.map((e: Json) => [e.resource.name[0].text, e.resource.gender, e.resource.birthDate]),
    ).toEqual([['李娜', 'female', '1985-11-22']]);
  });

  it.each([
    ['an unknown search parameter', '/fhir/DocumentReference?subject=Patient/1', 400, 'not-supported'],
    ['a search without subject', '/fhir/DocumentReference?type=health-certificate', 400, 'required'],
    ['a bad _count', `/fhir/DocumentReference?subject:identifier=x&_count=many`, 400, 'invalid'],
    ['an expired search id', '/fhir?_getpages=gone&_getpagesoffset=50&_count=50', 410, 'processing'],
    ['an unknown resource', '/fhir/DocumentReference/nope', 404, 'not-found'],
    ['an unknown path', '/api/documents', 404, 'not-found'],
  ])('answers %s with an OperationOutcome', async (_what, path, status, code) => {
    const { status: got, body } = await get(path);
    expect([got, body.resourceType, body.issue[0].code]).toEqual([status, 'OperationOutcome', code]);
  });

  it('answers 429 with Retry-After as an OperationOutcome when rate limiting', async () => {
    mock.controller.set({ rateLimitPerSecond: 0 });
    const res = await fetch(`${mock.url}/fhir/metadata`);
    expect([res.status, res.headers.get('retry-after'), ((await res.json()) as Json).issue[0].code]).toEqual([
      429,
      '1',
      'throttled',
    ]);
  });
});
