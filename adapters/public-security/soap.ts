import iconv from 'iconv-lite';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { HttpReply } from '../kit/http-upstream';
import { badReply, SoapFault } from './errors';
import type { PersonQuery } from './query';

/** Target namespace of the household service; SOAPAction is `"<NS>/<operation>"`. */
export const NS = 'urn:sh-gaj:hjgl:HouseholdService';
/** The registry reads and writes GB18030 only. */
export const REQUEST_CONTENT_TYPE = 'text/xml; charset=GB18030';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const escapeXml = (s: string) => s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);

function condition(q: PersonQuery): string {
  const gjdq = q.GJDQ === undefined ? '' : `<hj:GJDQ>${escapeXml(q.GJDQ)}</hj:GJDQ>`;
  return `<hj:CXTJ><hj:ZJLX>${escapeXml(q.ZJLX)}</hj:ZJLX><hj:ZJHM>${escapeXml(q.ZJHM)}</hj:ZJHM>${gjdq}</hj:CXTJ>`;
}

/** A QueryPersonBatch request envelope, encoded in GB18030. */
export function batchRequest(queries: readonly PersonQuery[]): Buffer {
  const xml =
    '<?xml version="1.0" encoding="GB18030"?>' +
    `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:hj="${NS}"><soap:Body>` +
    `<hj:QueryPersonBatch><hj:CXTJLB>${queries.map(condition).join('')}</hj:CXTJLB></hj:QueryPersonBatch>` +
    '</soap:Body></soap:Envelope>';
  return iconv.encode(xml, 'gb18030');
}

// Values stay strings: ids like 310107199003070017, dates like 19900307 and codes like 0000
// would lose digits or leading zeros as numbers.
const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: false,
  trimValues: true,
  processEntities: true,
  isArray: (name) => name === 'JG' || name === 'ZNSFZH',
});

function header(reply: HttpReply, name: string): string | undefined {
  const v = reply.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The charset of a reply: Content-Type first (HTTP rules for text/xml), then the XML declaration, then GB18030. */
export function charsetOf(reply: HttpReply): string {
  const fromHeader = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(header(reply, 'content-type') ?? '');
  if (fromHeader) return fromHeader[1]!;
  const fromDecl = /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/.exec(
    reply.body.subarray(0, 200).toString('latin1'),
  );
  return fromDecl ? fromDecl[1]! : 'gb18030';
}

export type Envelope = { fault: SoapFault } | { body: Record<string, unknown> };

/**
 * Decodes and parses a reply into its Body or its Fault. Anything that is not a SOAP envelope
 * in a known charset (garbage, truncation, a wrong encoding) is BAD_LEGACY_REPLY; a reply
 * that cannot be read at all returns undefined so the caller can judge by the HTTP status.
 */
export function readEnvelope(operation: string, reply: HttpReply): Envelope | undefined {
  const charset = charsetOf(reply);
  if (!iconv.encodingExists(charset)) throw badReply(operation, `reply in an unknown charset "${charset}"`);
  const xml = iconv.decode(reply.body, charset);
  // U+FFFD marks bytes that are not valid in the declared charset: the reply is not what it claims.
  if (xml.includes('\uFFFD') || XMLValidator.validate(xml) !== true) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const env = doc.Envelope as Record<string, unknown> | undefined;
  const body = env && typeof env === 'object' ? (env.Body as Record<string, unknown> | undefined) : undefined;
  if (!body || typeof body !== 'object') return undefined;
  const fault = body.Fault as Record<string, unknown> | undefined;
  if (fault && typeof fault === 'object') {
    const detail = fault.detail as { CWXX?: { CWDM?: unknown } } | undefined;
    return {
      fault: new SoapFault(
        (text(fault.faultcode) ?? '').replace(/^.*:/, ''),
        text(fault.faultstring) ?? '',
        text(typeof detail === 'object' ? detail?.CWXX?.CWDM : undefined) ?? undefined,
        reply.status,
      ),
    };
  }
  return { body };
}

/**
 * The text of an element: a string, `null` for `xsi:nil="true"`, `undefined` when absent
 * or not text (a nested element where text belongs).
 */
export function text(v: unknown): string | null | undefined {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (o['@_nil'] === 'true' || o['@_nil'] === '1') return null;
    if (typeof o['#text'] === 'string') return o['#text'];
    if (Object.keys(o).every((k) => k.startsWith('@_'))) return '';
  }
  return undefined;
}
