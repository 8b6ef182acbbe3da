import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startMarketSupervisionMock } from '../../mocks/market-supervision/server';
import { DataLayerError, quoted } from '../kit/errors';
import { MarketSupervisionClient } from './client';
import { usccOf } from './mapping';
import { resolveOptions } from './options';

// The client is called straight, past the adapter's parseUscc / parseIdentity: what a caller that
// skipped validation could hand it.

let mock: MockHandle;
let client: MarketSupervisionClient;

beforeAll(async () => {
  mock = await startMarketSupervisionMock({
    port: 0,
    adminPort: 0,
    world: loadWorld({ people: 20 }),
    baseLatencyMs: 0,
  });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.controller.clear();
  mock.controller.resetCounts();
  client = new MarketSupervisionClient(resolveOptions({ url: mock.url }));
});
afterEach(() => client.close());

async function rejection(p: Promise<unknown>): Promise<DataLayerError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataLayerError) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

/** The refusal of `value` as a value of `param`, as the client words it. */
const refusal = (param: string, shown: string) => ({
  code: 'INVALID_ARGUMENT',
  department: 'market-supervision',
  message: `market-supervision: ${param} value ${shown} holds a comma or a control character, which would change the list the registry reads`,
});

describe('market-supervision client: keys that would change the comma list', () => {
  it.each([
    ['a second code after a comma', `${GOLDEN.restaurant},${GOLDEN.pharmacy}`],
    ['a lone comma', ','],
    ['a NUL', `${GOLDEN.restaurant}\u0000`],
    ['a CR LF', `${GOLDEN.restaurant}\r\n`],
    ['a DEL', 'A\u007fB'],
    ['a C1 next-line (U+0085)', 'A\u0085B'],
  ])('refuses %s in a code, among valid codes, before any request', async (_l, bad) => {
    for (const call of [
      () => client.enterprisesByUscc([GOLDEN.supermarket, bad]),
      () => client.licensesByUscc([GOLDEN.supermarket, bad]),
    ]) {
      const e = await rejection(call());
      expect({ code: e.code, department: e.department, message: e.message }).toEqual(
        refusal('uscc', quoted(bad)),
      );
    }
    expect(mock.controller.received()).toEqual([]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('shows the key JSON-quoted: a NUL or a line break as an escape, never raw', async () => {
    const e = await rejection(client.enterprisesByUscc([`${GOLDEN.restaurant}\u0000\r\n`]));
    expect(e.message).toBe(
      `market-supervision: uscc value "${GOLDEN.restaurant}\\u0000\\r\\n" holds a comma or a control character, which would change the list the registry reads`,
    );
  });

  it('refuses a legal representative id with a comma, and shows a long key cut to 40 characters', async () => {
    const bad = `${GOLDEN.zhangWei},${GOLDEN.liNa},${GOLDEN.wangQiang}`;
    const e = await rejection(client.enterprisesByLegalRep([bad]));
    expect({ code: e.code, department: e.department, message: e.message }).toEqual(
      refusal('legal_rep_id_no', `"${bad.slice(0, 40)}…"`),
    );
    expect(mock.controller.received()).toEqual([]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('still sends valid codes as one comma list (percent-encoded: a comma inside a key would look the same)', async () => {
    const found = await client.enterprisesByUscc([GOLDEN.restaurant, GOLDEN.pharmacy]);
    expect(found.map(usccOf).sort()).toEqual([GOLDEN.restaurant, GOLDEN.pharmacy].sort());
    expect(mock.controller.received()).toEqual([
      `GET /api/v2/enterprises?uscc=${GOLDEN.restaurant}%2C${GOLDEN.pharmacy}&page=1&page_size=20`,
    ]);
  });
});
