import iconv from 'iconv-lite';
import type { HttpMockReply } from '../kit/http-mock';

/** Target namespace of the household service (the WSDL's). */
export const NS = 'urn:sh-gaj:hjgl:HouseholdService';
export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** The registry answers in GB18030 only, whatever the client sent. */
export const CONTENT_TYPE = 'text/xml; charset=GB18030';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** `<hj:NAME>value</hj:NAME>`, or `xsi:nil` for null (the registry's nillable elements). */
export function el(name: string, value: string | null): string {
  return value === null ? `<hj:${name} xsi:nil="true"/>` : `<hj:${name}>${escapeXml(value)}</hj:${name}>`;
}

export function envelope(body: string): Buffer {
  const xml =
    '<?xml version="1.0" encoding="GB18030"?>\n' +
    `<soap:Envelope xmlns:soap="${SOAP_ENV}" xmlns:xsi="${XSI}" xmlns:hj="${NS}">` +
    `<soap:Body>${body}</soap:Body></soap:Envelope>`;
  return iconv.encode(xml, 'gb18030');
}

/** Error codes the registry puts in a fault's detail (错误代码, CWDM). */
export const CWDM = {
  BATCH_TOO_LARGE: '1001',
  EMPTY_BATCH: '1002',
  MALFORMED_REQUEST: '1003',
  UNKNOWN_ACTION: '1004',
  INTERNAL: '9000',
  MAINTENANCE: '9001',
  RATE_LIMITED: '9002',
} as const;

/**
 * A SOAP 1.1 Fault. SOAP 1.1 over HTTP answers every fault with 500; the registry's
 * front proxy answers 503 (with Retry-After) when it is in maintenance or throttling.
 */
export function fault(
  side: 'Client' | 'Server',
  faultstring: string,
  cwdm: string,
  status = 500,
  headers: Record<string, string> = {},
): HttpMockReply {
  const body =
    `<soap:Fault><faultcode>soap:${side}</faultcode><faultstring>${escapeXml(faultstring)}</faultstring>` +
    `<detail><hj:CWXX>${el('CWDM', cwdm)}${el('CWMS', faultstring)}</hj:CWXX></detail></soap:Fault>`;
  return { status, headers: { 'content-type': CONTENT_TYPE, ...headers }, body: envelope(body) };
}

export function ok(body: string): HttpMockReply {
  return { status: 200, headers: { 'content-type': CONTENT_TYPE }, body: envelope(body) };
}
