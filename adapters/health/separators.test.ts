import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHealthMock } from '../../mocks/health/server';
import { DataLayerError, quoted } from '../kit/errors';
import { HttpUpstream } from '../kit/http-upstream';
import { newAdapterContext } from '../kit/operation';
import { FhirClient, type SearchParams } from './client';
import type { FhirIdentifier } from './identifiers';
import { DOCUMENT_TYPE_SYSTEM, DOCUMENT_TYPES, RESIDENT_ID_SYSTEM, USCC_SYSTEM } from './vocabulary';

// The client is called straight, past the adapter's parseIdentity / parseUscc: what a caller that
// skipped validation could hand it.

let mock: MockHandle;
let upstream: HttpUpstream;
let client: FhirClient;

beforeAll(async () => {
  mock = await startHealthMock({ world: loadWorld({ people: 20 }), port: 0, adminPort: 0, baseLatencyMs: 0 });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.controller.clear();
  mock.controller.resetCounts();
  upstream = new HttpUpstream({ department: 'health', url: mock.url });
  client = new FhirClient(upstream, { basePath: '/fhir', pageSize: 50, maxPages: 20 });
});
afterEach(() => upstream.close());

async function rejection(p: Promise<unknown>): Promise<DataLayerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataLayerError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

const person = (value: string): FhirIdentifier => ({ system: RESIDENT_ID_SYSTEM, value });
const healthCertificates = (subjects: FhirIdentifier[]): SearchParams => [
  ['subject:identifier', subjects],
  ['type', `${DOCUMENT_TYPE_SYSTEM}|${DOCUMENT_TYPES.healthCertificate}`],
];
const refusal = (shown: string) => ({
  code: 'INVALID_ARGUMENT',
  department: 'health',
  message: `health: subject:identifier ${shown} holds a FHIR search separator (, | $ \\) or a control character, which would change what is searched for`,
});

describe('health FHIR client: identifiers that would change the token search', () => {
  it.each([
    [
      'a second person after a comma (OR)',
      person(`${GOLDEN.zhangWei},${GOLDEN.liNa}`),
      `${GOLDEN.zhangWei},${GOLDEN.liNa}`,
    ],
    [
      'a bar (system|value)',
      person(`${RESIDENT_ID_SYSTEM}|${GOLDEN.liNa}`),
      `${RESIDENT_ID_SYSTEM}|${GOLDEN.liNa}`,
    ],
    ['a dollar (composite)', person(`${GOLDEN.zhangWei}$x`), `${GOLDEN.zhangWei}$x`],
    ['a backslash (escape)', person(`${GOLDEN.zhangWei}\\,`), `${GOLDEN.zhangWei}\\,`],
    ['a NUL', person(`${GOLDEN.zhangWei}\u0000`), `${GOLDEN.zhangWei}\u0000`],
    ['a CR LF', person(`${GOLDEN.zhangWei}\r\n`), `${GOLDEN.zhangWei}\r\n`],
    ['a DEL', person('A\u007fB'), 'A\u007fB'],
    ['a C1 next-line (U+0085)', person('A\u0085B'), 'A\u0085B'],
    ['a bar in the system', { system: `${USCC_SYSTEM}|x`, value: GOLDEN.restaurant }, `${USCC_SYSTEM}|x`],
  ])('refuses %s, among valid identifiers, before any request', async (_l, bad, part) => {
    const e = await rejection(
      client.search(
        'DocumentReference',
        healthCertificates([person(GOLDEN.zhangWei), bad]),
        newAdapterContext(),
      ),
    );
    expect({ code: e.code, department: e.department, message: e.message }).toEqual(refusal(quoted(part)));
    expect(mock.controller.received()).toEqual([]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('shows the identifier JSON-quoted: a NUL as an escape, never raw', async () => {
    const e = await rejection(
      client.search('DocumentReference', healthCertificates([person('A\u0000B')]), newAdapterContext()),
    );
    expect(e.message).toBe(refusal('"A\\u0000B"').message);
  });

  it('still ORs valid identifiers into one search', async () => {
    const found = await client.search(
      'DocumentReference',
      healthCertificates([person(GOLDEN.zhangWei), person(GOLDEN.liNa)]),
      newAdapterContext(),
    );
    expect(found.map((r) => r.id)).toEqual(['HL-HC-2026-000173']); // Zhang Wei's; Li Na holds none
    expect(mock.controller.received()).toEqual([
      `GET /fhir/DocumentReference?subject:identifier=${encodeURIComponent(
        `${RESIDENT_ID_SYSTEM}|${GOLDEN.zhangWei},${RESIDENT_ID_SYSTEM}|${GOLDEN.liNa}`,
      )}&type=${encodeURIComponent(`${DOCUMENT_TYPE_SYSTEM}|${DOCUMENT_TYPES.healthCertificate}`)}&_count=50`,
    ]);
  });
});
