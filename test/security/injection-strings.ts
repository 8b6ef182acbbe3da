import iconv from 'iconv-lite';

/**
 * Strings that would change the meaning of a legacy request if an adapter spliced them into
 * it: SQL, XML/SOAP, CSV, the housing register's fixed-width CRLF records, and URLs. Each is
 * `[label, value]`; labels name the test cases.
 */
export const INJECTIONS: readonly (readonly [string, string])[] = [
  ['an SQL tautology', "' OR '1'='1"],
  ['an SQL stacked statement', '1; DROP TABLE x; --'],
  ['an SQL drop of the tax register', "'; DROP TABLE DJ_NSRXX; --"],
  ['a NUL (which the gateway refuses first)', '\u0000'],
  ['an XML element break-out', '</id><evil/>'],
  ['a CDATA end', ']]>'],
  ['an XML external entity', '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'],
  ['an XML entity', '&amp;'],
  ['a CSV row break', 'a,b\r\nc'],
  ['a CSV formula', `"=cmd|' /C calc'!A0"`],
  ['a bare CR LF', '\r\n'],
  ['a second housing transaction', 'X\r\nQOWN01P310107199003070017'],
  ['the ASCII record separator', 'a\u001eb'],
  ['pad spaces inside a housing field', `A${' '.repeat(38)}B`],
  ['ten GB18030 four-byte characters (40 bytes)', '𠮷'.repeat(10)],
  ['eleven GB18030 four-byte characters (44 bytes)', '𠮷'.repeat(11)],
  ['10,000 characters', 'A'.repeat(10_000)],
  ['a path traversal', '../../admin'],
  ['an encoded path traversal', '%2e%2e/'],
  ['a query string', '?x=1&y=2'],
  ['a fragment', '#frag'],
];

/** The injections that are more than white space (appended to a valid key they must still make it invalid). */
export const VISIBLE_INJECTIONS = INJECTIONS.filter(([, s]) => s.trim() !== '');

/**
 * Whether the gateway refuses `s` in any argument before anything runs: it holds U+0000 (NUL).
 * The answer is HTTP 400 with INVALID_ARGUMENT (no department) and no legacy system is asked
 * (gateway/limits/control-characters.ts). Without it the service centre's own SQL store would
 * meet the NUL, and its engines do not agree on one inside a bound text parameter: PostgreSQL
 * refuses it (`invalid byte sequence for encoding "UTF8": 0x00`, INTERNAL to the client) and
 * SQLite's LIKE ends its pattern there (`a\u0000zzz` searches for `a`).
 */
export const refusedAtGateway = (s: string): boolean => s.includes('\u0000');

/**
 * The injections that get past the gateway: all but the NUL. For a request that carries many
 * injections at once (one alias per injection, one note joining them), where a NUL would have
 * the gateway refuse the whole request and the others would test nothing.
 */
export const PASSING_INJECTIONS = INJECTIONS.filter(([, s]) => !refusedAtGateway(s));

/**
 * The injections the housing adapter refuses as certificate numbers (INVALID_ARGUMENT, no
 * exchange): line breaks, control characters, more than the 40-byte QCRT field, nothing but
 * white space. Every other one travels as data inside the field. The NUL is refused by the
 * gateway before the housing adapter could see it (`refusedAtGateway`); the adapter's own check
 * still stands behind it.
 */
export const REFUSED_CERTIFICATE_NUMBERS = new Set([
  'a NUL (which the gateway refuses first)',
  'an XML external entity',
  'a CSV row break',
  'a bare CR LF',
  'a second housing transaction',
  'the ASCII record separator',
  'eleven GB18030 four-byte characters (44 bytes)',
  '10,000 characters',
]);

/** Width of the QCRT key field, in GB18030 bytes (the register's copybook). */
export const CERT_NO_WIDTH = 40;

/** The QCRT record the register must receive for one certificate number: the key space-padded to 40 bytes. */
export function qcrtRecord(certificateNumber: string): string {
  const bytes = iconv.encode(certificateNumber, 'gb18030').length;
  return `QCRT01${certificateNumber}${' '.repeat(CERT_NO_WIDTH - bytes)}`;
}

/** Bytes of a received record once encoded back to GB18030, the register's charset. */
export function gb18030Bytes(text: string): number {
  return iconv.encode(text, 'gb18030').length;
}

/** The SOAP envelope the household registry receives for one identity card number (ZJLX 111). */
export function soapQueryPerson(idCardNumber: string): string {
  return (
    'POST /ws/HouseholdService\n' +
    '<?xml version="1.0" encoding="GB18030"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:hj="urn:sh-gaj:hjgl:HouseholdService">' +
    '<soap:Body><hj:QueryPersonBatch><hj:CXTJLB><hj:CXTJ><hj:ZJLX>111</hj:ZJLX>' +
    `<hj:ZJHM>${idCardNumber}</hj:ZJHM></hj:CXTJ></hj:CXTJLB></hj:QueryPersonBatch></soap:Body></soap:Envelope>`
  );
}

/**
 * A paper certificate's QR payload whose every free field carries `s`: the id is `id`, the
 * holder type a valid PERSON, everything else (issuer code included) the injection.
 */
export function paperWith(id: string, s: string): string {
  const doc = {
    id,
    type: s,
    title: s,
    number: s,
    issuerCode: s,
    holderType: 'PERSON',
    holderId: s,
    validFrom: s,
    validUntil: s,
    verificationCode: s,
    issuerSignature: s,
  };
  return `OWDL-CERT:1:${Buffer.from(JSON.stringify(doc), 'utf8').toString('base64url')}`;
}
