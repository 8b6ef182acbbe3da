import {
  createCipheriv,
  createSecretKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  type KeyObject,
} from 'node:crypto';
import { CompactEncrypt, compactDecrypt, SignJWT } from 'jose';
import { DataLayerError } from '../kit/errors';
import { decryptCode, SUISHENMA_ISSUER, verifyCodeJws } from './suishenma-code';

const KID = 'ssm-vk-test';
const SECRET = randomBytes(32);
const KEYS = new Map<string, KeyObject>([[KID, createSecretKey(SECRET)]]);
const signing = generateKeyPairSync('ed25519');
const SIGNING_KID = 'ssm-2026-1';
const keyOf = async (kid: string) => (kid === SIGNING_KID ? signing.publicKey : undefined);
const NOW = Date.parse('2026-11-26T06:00:00Z');
const NOW_S = NOW / 1000;

const b64 = (v: Buffer | string) => Buffer.from(v).toString('base64url');
const DIR = { alg: 'dir', enc: 'A256GCM', cty: 'JWT', kid: KID };

/** A compact JWE made by hand, so any header, IV or tag can be written. */
function encrypt(
  plaintext: string,
  header: Record<string, unknown> = DIR,
  opts: { iv?: Buffer; key?: Buffer } = {},
): string {
  const encodedHeader = b64(JSON.stringify(header));
  const iv = opts.iv ?? randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', opts.key ?? SECRET, iv);
  cipher.setAAD(Buffer.from(encodedHeader, 'ascii'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'latin1'), cipher.final()]);
  return `${encodedHeader}..${b64(iv)}.${b64(ciphertext)}.${b64(cipher.getAuthTag())}`;
}

/** A compact JWS made by hand: any header, any payload bytes, signed with `key`. */
function signJws(
  payload: Record<string, unknown> | unknown[] | Buffer,
  header: Record<string, unknown> = { alg: 'EdDSA', kid: SIGNING_KID, typ: 'JWT' },
  key: KeyObject = signing.privateKey,
): string {
  const input = `${b64(JSON.stringify(header))}.${b64(Buffer.isBuffer(payload) ? payload : JSON.stringify(payload))}`;
  return `${input}.${b64(sign(null, Buffer.from(input), key))}`;
}

/** `s` with characters added until its length is 4n+1: no base64 decoder reads that. */
const oneTooMany = (s: string) => s + 'A'.repeat((((1 - s.length) % 4) + 4) % 4 || 4);

const CLAIMS = { iss: SUISHENMA_ISSUER, jti: 'j-1', iat: NOW_S - 10, exp: NOW_S + 50, hk: 'PERSON' };

async function refusal(f: () => unknown): Promise<string> {
  try {
    await f();
    return 'accepted';
  } catch (e) {
    return e instanceof DataLayerError ? e.code : String(e);
  }
}
const open = (code: string) => verifyCodeJws(decryptCode(code, KEYS), keyOf, NOW);

describe('decryptCode', () => {
  it('opens what jose encrypts, to the very JWS jose decrypts', async () => {
    const jws = signJws(CLAIMS);
    const code = await new CompactEncrypt(new TextEncoder().encode(jws))
      .setProtectedHeader(DIR)
      .encrypt(SECRET);
    const byJose = new TextDecoder().decode((await compactDecrypt(code, SECRET)).plaintext);
    expect(decryptCode(code, KEYS)).toBe(byJose);
    expect(byJose).toBe(jws);
  });

  it('refuses headers, encodings and lengths Suishenma never sends as malformed', async () => {
    const jws = signJws(CLAIMS);
    const good = encrypt(jws);
    const [h, , iv, ct, tag] = good.split('.') as [string, string, string, string, string];
    expect(
      await Promise.all([
        refusal(() => decryptCode(encrypt(jws, { ...DIR, zip: 'DEF' }), KEYS)),
        refusal(() => decryptCode(encrypt(jws, { ...DIR, crit: ['exp'], exp: 1 }), KEYS)),
        refusal(() => decryptCode(encrypt(jws, { ...DIR, enc: 'A128GCM' }), KEYS)),
        refusal(() => decryptCode(encrypt(jws, { ...DIR, alg: 'A256KW' }), KEYS)),
        refusal(() => decryptCode(encrypt(jws, { ...DIR, cty: undefined }), KEYS)),
        refusal(() => decryptCode(encrypt(jws, DIR, { iv: randomBytes(16) }), KEYS)),
        refusal(() => decryptCode(`${h}..${iv}.${ct}.${tag.slice(0, 20)}`, KEYS)), // a 15-byte tag
        refusal(() => decryptCode(`${h}..${iv}.${oneTooMany(ct)}.${tag}`, KEYS)), // 4n+1 characters
        refusal(() => decryptCode(`${b64('[1]')}..${iv}.${ct}.${tag}`, KEYS)), // not an object
        refusal(() => decryptCode(`${b64(Buffer.from([0xff, 0xfe]))}..${iv}.${ct}.${tag}`, KEYS)),
        refusal(() => decryptCode(`${h}.${b64('key')}.${iv}.${ct}.${tag}`, KEYS)), // an encrypted key
        refusal(() => decryptCode(42, KEYS)),
        refusal(() => decryptCode(`${good}${'A'.repeat(4_096)}`, KEYS)),
      ]),
    ).toEqual(Array(13).fill('DIGITAL_ID_MALFORMED'));
  });

  it('refuses a key we do not hold and an altered code as forged', async () => {
    const jws = signJws(CLAIMS);
    const good = encrypt(jws);
    const [h, , iv, ct, tag] = good.split('.') as [string, string, string, string, string];
    const flip = (s: string) => `${s.slice(0, 3)}${s[3] === 'A' ? 'B' : 'A'}${s.slice(4)}`;
    expect(
      await Promise.all([
        refusal(() => decryptCode(encrypt(jws, { ...DIR, kid: 'ssm-vk-other' }), KEYS)),
        refusal(() => decryptCode(encrypt(jws, { ...DIR, kid: undefined }), KEYS)),
        refusal(() => decryptCode(encrypt(jws, DIR, { key: randomBytes(32) }), KEYS)),
        refusal(() => decryptCode(`${h}..${iv}.${flip(ct)}.${tag}`, KEYS)),
        refusal(() => decryptCode(`${h}..${flip(iv)}.${ct}.${tag}`, KEYS)),
        refusal(() => decryptCode(`${h}..${iv}.${ct}.${flip(tag)}`, KEYS)),
        // The header is authenticated too: the same header re-encoded with a changed field.
        refusal(() => decryptCode(`${b64(JSON.stringify({ ...DIR, x: 1 }))}..${iv}.${ct}.${tag}`, KEYS)),
      ]),
    ).toEqual(Array(7).fill('DIGITAL_ID_FORGED'));
  });
});

describe('verifyCodeJws', () => {
  it('gives the claims of a genuine code and tells expiry to the second', async () => {
    expect(await open(encrypt(signJws(CLAIMS)))).toEqual({ claims: CLAIMS, expired: false });
    expect((await open(encrypt(signJws({ ...CLAIMS, exp: NOW_S })))).expired).toBe(true);
    expect((await open(encrypt(signJws({ ...CLAIMS, exp: NOW_S + 1 })))).expired).toBe(false);
    expect((await open(encrypt(signJws({ ...CLAIMS, exp: undefined })))).expired).toBe(false);
  });

  it('reads what jose signs', async () => {
    const jws = await new SignJWT({ hk: 'PERSON' })
      .setProtectedHeader({ alg: 'EdDSA', kid: SIGNING_KID, typ: 'JWT' })
      .setIssuer(SUISHENMA_ISSUER)
      .setJti('j-2')
      .setIssuedAt(NOW_S)
      .setExpirationTime(NOW_S + 60)
      .sign(signing.privateKey);
    expect((await verifyCodeJws(jws, keyOf, NOW)).claims).toEqual({
      hk: 'PERSON',
      iss: SUISHENMA_ISSUER,
      jti: 'j-2',
      iat: NOW_S,
      exp: NOW_S + 60,
    });
  });

  it('refuses a signature that does not verify or a key not published as forged', async () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const [h, p, s] = signJws(CLAIMS).split('.') as [string, string, string];
    const altered = b64(JSON.stringify({ ...CLAIMS, hk: 'COMPANY' }));
    expect(
      await Promise.all([
        refusal(() => verifyCodeJws(`${h}.${altered}.${s}`, keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws(CLAIMS, undefined, other), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws(CLAIMS, { alg: 'EdDSA', kid: 'ssm-9999' }), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws(CLAIMS, { alg: 'EdDSA' }), keyOf, NOW)),
        refusal(() => verifyCodeJws(`${h}.${p}.${s.slice(0, 40)}`, keyOf, NOW)), // a short signature
      ]),
    ).toEqual(Array(5).fill('DIGITAL_ID_FORGED'));
  });

  it('refuses a malformed JWS, header or claims set as malformed', async () => {
    const future = { ...CLAIMS, nbf: NOW_S + 5 };
    expect(
      await Promise.all([
        refusal(() => verifyCodeJws('not a jws', keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws(CLAIMS, { alg: 'HS256', kid: SIGNING_KID }), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws(CLAIMS, { alg: 'Ed25519', kid: SIGNING_KID }), keyOf, NOW)),
        refusal(() =>
          verifyCodeJws(
            signJws(CLAIMS, { alg: 'EdDSA', kid: SIGNING_KID, crit: ['b64'], b64: true }),
            keyOf,
            NOW,
          ),
        ),
        refusal(() => verifyCodeJws(signJws([CLAIMS]), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws(Buffer.from([0x7b, 0xff, 0x7d])), keyOf, NOW)), // not UTF-8
        refusal(() => verifyCodeJws(signJws({ ...CLAIMS, iss: 'someone-else' }), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws({ ...CLAIMS, iss: undefined }), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws({ ...CLAIMS, exp: String(NOW_S + 50) }), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws({ ...CLAIMS, iat: 'yesterday' }), keyOf, NOW)),
        refusal(() => verifyCodeJws(signJws(future), keyOf, NOW)),
      ]),
    ).toEqual(Array(11).fill('DIGITAL_ID_MALFORMED'));
    expect((await verifyCodeJws(signJws({ ...CLAIMS, nbf: NOW_S }), keyOf, NOW)).expired).toBe(false);
  });
});
