import { generateKeyPairSync } from 'node:crypto';
import { CompactEncrypt, compactDecrypt, decodeProtectedHeader, SignJWT } from 'jose';
import { MemoryCache } from '../kit/cache';
import { DataLayerError } from '../kit/errors';
import { newAdapterContext } from '../kit/operation';
import { loadWorld } from '../../mocks/data/generator';
import { GOLDEN } from '../../mocks/data/golden';
import type { MockHandle } from '../../mocks/kit/mock-server';
import { startBigDataCenterMock } from '../../mocks/big-data-center/server';
import {
  createBigDataCenterAdapter,
  type BigDataCenterAdapter,
  type DigitalIdScene,
  type HolderRef,
} from './index';
import { DEMO_SUISHENMA_VERIFIER_KEY, verifierKeyId } from './digital-id-verifier-keys';

const world = loadWorld({ people: 50 });
let offsetMs = 0; // how far the scanner's clock runs ahead of the platform's
let mock: MockHandle;
let adapter: BigDataCenterAdapter;

beforeAll(async () => {
  mock = await startBigDataCenterMock({ port: 0, adminPort: 0, world, baseLatencyMs: 0 });
  adapter = createBigDataCenterAdapter({
    url: mock.url,
    cache: new MemoryCache(),
    now: () => Date.now() + offsetMs,
  });
});
afterAll(async () => {
  await adapter.close();
  await mock.close();
});
beforeEach(() => {
  offsetMs = 0;
  mock.controller.resetCounts();
});

const person = (id: string): HolderRef => ({ type: 'PERSON', id });
const company = (id: string): HolderRef => ({ type: 'COMPANY', id });
const issue = async (holder: HolderRef, scene?: DigitalIdScene) =>
  (await adapter.issueDigitalId(newAdapterContext(), holder, scene)).code;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof DataLayerError ? e.code : String(e);
  }
}

const DEMO_KEY = Buffer.from(DEMO_SUISHENMA_VERIFIER_KEY, 'base64url');
const DEMO_KID = verifierKeyId(DEMO_SUISHENMA_VERIFIER_KEY);
const OTHER_KEY = Buffer.alloc(32, 7).toString('base64url');

/** The signed JWS inside a code, decrypted as the verifier does. */
async function innerJws(code: string): Promise<string> {
  return new TextDecoder().decode((await compactDecrypt(code, DEMO_KEY)).plaintext);
}

/** A nested code as the platform would make it from `jws`, under `key` named `kid`. */
function encrypt(jws: string, key: Uint8Array = DEMO_KEY, kid = DEMO_KID): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(jws))
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', cty: 'JWT', kid })
    .encrypt(key);
}

/** `code` with one base64url character of segment `index` changed (not the last, whose low bits may be padding). */
function alter(code: string, index: number): string {
  const parts = code.split('.');
  const s = parts[index]!;
  parts[index] = `${s.slice(0, 5)}${s[5] === 'A' ? 'B' : 'A'}${s.slice(6)}`;
  return parts.join('.');
}

const NOTHING = {
  maskedName: null,
  maskedId: null,
  insuredStatus: null,
  mayBorrow: null,
  documentType: null,
  documentLast4: null,
  adult: null,
  nationality: null,
  concession: null,
  companyName: null,
  companyStatus: null,
};

describe('issueDigitalId', () => {
  it('issues a 60 s EdDSA code with a jti, encrypted under the verifier key, with no full identity number', async () => {
    const before = Date.now();
    const { code, expiresAt } = await adapter.issueDigitalId(newAdapterContext(), person(GOLDEN.zhangWei));
    const [header, payload] = (await innerJws(code))
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()));
    expect(decodeProtectedHeader(code)).toEqual({
      alg: 'dir',
      enc: 'A256GCM',
      cty: 'JWT',
      kid: 'ssm-vk-VA5vU322',
    });
    expect(header).toEqual({ alg: 'EdDSA', kid: 'ssm-2026-1', typ: 'JWT' });
    expect(payload.exp - payload.iat).toBe(60);
    expect(Date.parse(expiresAt)).toBe(payload.exp * 1000);
    expect(payload.exp * 1000).toBeGreaterThanOrEqual(before + 59_000);
    expect(typeof payload.jti).toBe('string');
    expect(JSON.stringify(payload)).not.toContain(GOLDEN.zhangWei);
    expect(mock.controller.stats().byOperation).toEqual({ 'suishenma:issue': 1 });
  });

  it("shows a bystander who decodes Zhang Wei's code none of its claims", async () => {
    const code = await issue(person(GOLDEN.zhangWei));
    const claims = JSON.parse(Buffer.from((await innerJws(code)).split('.')[1]!, 'base64url').toString());
    const values = Object.values(claims).map(String);
    const readable = code
      .split('.')
      .map((s) => Buffer.from(s, 'base64url').toString('utf8'))
      .join('\n');
    expect(values).toEqual(expect.arrayContaining(['张*', '3101**********0017', 'INSURED', 'CHN', '0017']));
    expect(values.filter((v) => readable.includes(v))).toEqual([]);
    expect(code.length).toBeLessThan(1_200);
  });

  it('refuses invalid holders and a company code for a person-only scene before any request', async () => {
    const codes = await Promise.all([
      codeOf(issue(person('310107199003070018'))),
      codeOf(issue(company('91310107MA1FL3K2XA'))),
      codeOf(issue(company(GOLDEN.restaurant), 'LIBRARY')),
      codeOf(issue(person(GOLDEN.zhangWei), 'CINEMA' as DigitalIdScene)),
    ]);
    expect(codes).toEqual([
      'INVALID_IDENTITY_NUMBER',
      'INVALID_CREDIT_CODE',
      'DIGITAL_ID_WRONG_SCENE',
      'INVALID_ARGUMENT',
    ]);
    expect(mock.controller.stats().requests).toBe(0);
  });

  it('answers NOT_FOUND for a valid id the Big Data Center does not know', async () => {
    expect(await codeOf(issue(person('110101199001010015')))).toBe('NOT_FOUND');
  });
});

describe('verifyDigitalId', () => {
  it('shows each scene only what it needs', async () => {
    const code = await issue(person(GOLDEN.zhangWei));
    const views = await Promise.all(
      (['SOCIAL_SECURITY', 'LIBRARY', 'THEATRE', 'CAMPUS', 'TRAFFIC_CARD'] as const).map((s) =>
        adapter.verifyDigitalId(code, s),
      ),
    );
    const base = { holderType: 'PERSON', expiresAt: views[0]!.expiresAt, ...NOTHING };
    expect(views).toEqual([
      {
        ...base,
        scene: 'SOCIAL_SECURITY',
        maskedName: '张*',
        maskedId: '3101**********0017',
        insuredStatus: 'INSURED',
      },
      { ...base, scene: 'LIBRARY', maskedName: '张*', mayBorrow: true },
      {
        ...base,
        scene: 'THEATRE',
        maskedName: '张*',
        documentType: 'RESIDENT_ID_CARD',
        documentLast4: '0017',
      },
      { ...base, scene: 'CAMPUS', maskedName: '张*', adult: true, nationality: 'CHN' },
      { ...base, scene: 'TRAFFIC_CARD', concession: 'NONE' },
    ]);
  });

  it('serves residents, the Hong Kong resident and the foreigner at the library', async () => {
    const names = [];
    for (const id of [GOLDEN.zhouYan, GOLDEN.chanKaMing, GOLDEN.foreigner]) {
      const v = await adapter.verifyDigitalId(await issue(person(id), 'LIBRARY'), 'LIBRARY');
      names.push([v.maskedName, v.mayBorrow]);
    }
    expect(names).toEqual([
      ['周**', true],
      ['陳**', true],
      ['W******** J****', true],
    ]);
  });

  it('gives the child a minor fare and a senior the senior fare', async () => {
    const senior = world.world.people.find((p) => p.birthDate <= '1960-01-01')!;
    const child = await adapter.verifyDigitalId(await issue(person(GOLDEN.zhangXiaoyu)), 'TRAFFIC_CARD');
    const old = await adapter.verifyDigitalId(await issue(person(senior.id), 'TRAFFIC_CARD'), 'TRAFFIC_CARD');
    expect([child.concession, old.concession, child.maskedName, old.maskedName]).toEqual([
      'MINOR',
      'SENIOR',
      null,
      null,
    ]);
  });

  it("shows a company's name and status at social security, and refuses it at the library", async () => {
    const code = await issue(company(GOLDEN.restaurant));
    expect(await adapter.verifyDigitalId(code, 'SOCIAL_SECURITY')).toMatchObject({
      holderType: 'COMPANY',
      companyName: '上海普陀张记餐饮有限公司',
      companyStatus: 'OPERATING',
      maskedName: null,
    });
    expect(await codeOf(adapter.verifyDigitalId(code, 'LIBRARY'))).toBe('DIGITAL_ID_WRONG_SCENE');
  });

  it('refuses a code issued for another scene', async () => {
    const code = await issue(person(GOLDEN.liNa), 'LIBRARY');
    expect(await codeOf(adapter.verifyDigitalId(code, 'THEATRE'))).toBe('DIGITAL_ID_WRONG_SCENE');
  });

  it('tells an expired code from one presented again after it expired', async () => {
    const unseen = await issue(person(GOLDEN.wangQiang));
    const seen = await issue(person(GOLDEN.wangQiang));
    await adapter.verifyDigitalId(seen, 'LIBRARY');
    await adapter.verifyDigitalId(seen, 'LIBRARY'); // a second scan inside the validity is fine
    offsetMs = 61_000;
    expect([
      await codeOf(adapter.verifyDigitalId(unseen, 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId(seen, 'LIBRARY')),
    ]).toEqual(['DIGITAL_ID_EXPIRED', 'DIGITAL_ID_REPLAYED']);
  });

  it('refuses a code that does not decrypt under the verifier key as forged', async () => {
    const code = await issue(person(GOLDEN.zhangWei), 'LIBRARY');
    const jws = await innerJws(code);
    const otherKey = Buffer.from(OTHER_KEY, 'base64url');
    const elsewhere = createBigDataCenterAdapter({ url: mock.url, suishenmaVerifierKey: OTHER_KEY });
    try {
      expect([
        await codeOf(elsewhere.verifyDigitalId(code, 'LIBRARY')), // a verifier holding another key
        await codeOf(adapter.verifyDigitalId(await encrypt(jws, otherKey), 'LIBRARY')), // another key, its own kid
        await codeOf(
          adapter.verifyDigitalId(await encrypt(jws, otherKey, verifierKeyId(OTHER_KEY)), 'LIBRARY'),
        ),
        await codeOf(adapter.verifyDigitalId(alter(code, 3), 'LIBRARY')), // a byte of the ciphertext
        await codeOf(adapter.verifyDigitalId(alter(code, 4), 'LIBRARY')), // a byte of the tag
        await codeOf(adapter.verifyDigitalId(alter(code, 2), 'LIBRARY')), // a byte of the iv
      ]).toEqual([
        'DIGITAL_ID_FORGED',
        'DIGITAL_ID_FORGED',
        'DIGITAL_ID_FORGED',
        'DIGITAL_ID_FORGED',
        'DIGITAL_ID_FORGED',
        'DIGITAL_ID_FORGED',
      ]);
    } finally {
      await elsewhere.close();
    }
  });

  it('accepts codes under the new and the old verifier key during a rotation', async () => {
    const code = await issue(person(GOLDEN.zhangWei), 'LIBRARY');
    const rotated = await encrypt(
      await innerJws(code),
      Buffer.from(OTHER_KEY, 'base64url'),
      verifierKeyId(OTHER_KEY),
    );
    const both = createBigDataCenterAdapter({
      url: mock.url,
      suishenmaVerifierKey: `${OTHER_KEY},${DEMO_SUISHENMA_VERIFIER_KEY}`,
    });
    try {
      const views = [
        await both.verifyDigitalId(code, 'LIBRARY'),
        await both.verifyDigitalId(rotated, 'LIBRARY'),
      ];
      expect(views.map((v) => [v.maskedName, v.mayBorrow])).toEqual([
        ['张*', true],
        ['张*', true],
      ]);
    } finally {
      await both.close();
    }
  });

  it('refuses a signature that does not verify inside a well-encrypted code as forged', async () => {
    const code = await issue(person(GOLDEN.zhangWei));
    const [h, p, s] = (await innerJws(code)).split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const altered = Buffer.from(JSON.stringify({ ...claims, maskedName: '李*' })).toString('base64url');
    const { privateKey } = generateKeyPairSync('ed25519');
    const sign = (kid: string) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid }).sign(privateKey);
    expect([
      await codeOf(adapter.verifyDigitalId(await encrypt(`${h}.${altered}.${s}`), 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId(await encrypt(await sign('ssm-2026-1')), 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId(await encrypt(await sign('ssm-9999')), 'LIBRARY')),
    ]).toEqual(['DIGITAL_ID_FORGED', 'DIGITAL_ID_FORGED', 'DIGITAL_ID_FORGED']);
  });

  it('refuses what is not an encrypted signed code as malformed, the old unencrypted JWS included', async () => {
    const code = await issue(person(GOLDEN.zhangWei));
    const jws = await innerJws(code);
    const claims = JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString());
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: 'ssm-2026-1' })
      .sign(Buffer.alloc(32, 1));
    const [, , iv, ciphertext, tag] = code.split('.');
    expect([
      await codeOf(adapter.verifyDigitalId(jws, 'LIBRARY')), // genuinely signed, but readable by anyone
      await codeOf(adapter.verifyDigitalId(await encrypt(hmac), 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId(await encrypt('not a JWS'), 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId(`bm90IGpzb24..${iv}.${ciphertext}.${tag}`, 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId('not a code', 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId('not-a-code', 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId('a.b.c', 'LIBRARY')),
      await codeOf(adapter.verifyDigitalId(code, 'ZOO' as DigitalIdScene)),
    ]).toEqual([
      'DIGITAL_ID_MALFORMED',
      'DIGITAL_ID_MALFORMED',
      'DIGITAL_ID_MALFORMED',
      'DIGITAL_ID_MALFORMED',
      'DIGITAL_ID_MALFORMED',
      'DIGITAL_ID_MALFORMED',
      'DIGITAL_ID_MALFORMED',
      'INVALID_ARGUMENT',
    ]);
  });

  it('verifies locally: 50 scans cost no request once the keys are held', async () => {
    const code = await issue(person(GOLDEN.zhangWei), 'LIBRARY');
    await adapter.verifyDigitalId(code, 'LIBRARY');
    mock.controller.resetCounts();
    for (let i = 0; i < 50; i++) await adapter.verifyDigitalId(code, 'LIBRARY');
    expect(mock.controller.stats().requests).toBe(0);
  });
});
