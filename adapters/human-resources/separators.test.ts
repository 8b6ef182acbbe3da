import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startHumanResourcesMock } from '../../mocks/human-resources/server';
import { DataLayerError, quoted } from '../kit/errors';
import { HumanResourcesClient } from './client';
import { resolveOptions } from './options';

// The client is called straight, past the adapter's parseIdentity: what a caller that skipped
// validation could hand it.

let mock: MockHandle;
let client: HumanResourcesClient;

beforeAll(async () => {
  mock = await startHumanResourcesMock({
    world: loadWorld({ people: 20 }),
    baseLatencyMs: 0,
    maintenanceWindow: null,
  });
});
afterAll(() => mock.close());
beforeEach(() => {
  mock.controller.resetCounts();
  client = new HumanResourcesClient(resolveOptions({ url: mock.url }));
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

const refusal = (shown: string) => ({
  code: 'INVALID_ARGUMENT',
  department: 'human-resources',
  message: `human-resources: id ${shown} holds a control character, a comma or a quote, which would change the list the system reads`,
});

describe('human-resources client: ids that would change the one-a-line list', () => {
  it.each([
    ['a second id on a new line (CR LF)', `${GOLDEN.zhangWei}\r\n${GOLDEN.liNa}`],
    ['a bare LF', `${GOLDEN.zhangWei}\n${GOLDEN.liNa}`],
    ['a bare CR', `${GOLDEN.zhangWei}\r${GOLDEN.liNa}`],
    ['a NUL', `${GOLDEN.zhangWei}\u0000`],
    ['a comma (the CSV import format)', `${GOLDEN.zhangWei},${GOLDEN.liNa}`],
    ['a double quote', `"${GOLDEN.zhangWei}`],
    ['a DEL', 'A\u007fB'],
    ['a C1 next-line (U+0085)', 'A\u0085B'],
  ])('refuses %s, among valid ids, before any request', async (_l, bad) => {
    const e = await rejection(client.query([GOLDEN.wangQiang, bad]));
    expect({ code: e.code, department: e.department, message: e.message }).toEqual(refusal(quoted(bad)));
    expect(mock.controller.received()).toEqual([]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('shows the id JSON-quoted: line breaks as escapes, never raw', async () => {
    const e = await rejection(client.query([`${GOLDEN.zhangWei}\r\n${GOLDEN.liNa}`]));
    expect(e.message).toBe(refusal(`"${GOLDEN.zhangWei}\\r\\n${GOLDEN.liNa}"`).message);
  });

  it('still sends valid ids one a line', async () => {
    const found = await client.query([GOLDEN.zhangWei, GOLDEN.liNa]);
    expect([...found.keys()].sort()).toEqual([GOLDEN.liNa, GOLDEN.zhangWei]);
    expect(mock.controller.received()).toEqual([
      `POST /bulk/ss-query\n${GOLDEN.zhangWei}\r\n${GOLDEN.liNa}\r\n`,
    ]);
  });
});
