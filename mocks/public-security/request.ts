import iconv from 'iconv-lite';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { HttpMockRequest } from '../kit/http-mock';

/** The two operations of the household service. */
export type Operation = 'QueryPerson' | 'QueryPersonBatch';
export const OPERATIONS: readonly Operation[] = ['QueryPerson', 'QueryPersonBatch'];

/** One query condition (查询条件, CXTJ). */
export interface Condition {
  ZJLX: string;
  ZJHM: string;
  GJDQ: string | undefined;
}

export type ParsedRequest =
  | { ok: true; operation: Operation; conditions: Condition[] }
  | { ok: false; reason: string; unknownAction?: boolean };

const parser = new XMLParser({
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  isArray: (name) => name === 'CXTJ',
});

const parsed = new WeakMap<HttpMockRequest, ParsedRequest>();

/** The operation named by the SOAPAction header: `"urn:...:HouseholdService/QueryPerson"` -> QueryPerson. */
export function actionOf(req: HttpMockRequest): string {
  const raw = req.headers['soapaction'];
  const v = (Array.isArray(raw) ? raw[0] : raw) ?? '';
  return v.replace(/^"|"$/g, '').split(/[/#]/).pop() ?? '';
}

function charsetOf(req: HttpMockRequest): string {
  const m = /charset\s*=\s*"?([\w-]+)"?/i.exec(req.headers['content-type'] ?? '');
  return m ? m[1]! : 'gb18030'; // the registry's clients all speak GB18030; it is the default
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Decodes and parses a request once (the counters and the handler both need it). */
export function parseRequest(req: HttpMockRequest): ParsedRequest {
  let result = parsed.get(req);
  if (!result) {
    result = parse(req);
    parsed.set(req, result);
  }
  return result;
}

function parse(req: HttpMockRequest): ParsedRequest {
  const action = actionOf(req);
  if (!OPERATIONS.includes(action as Operation))
    return { ok: false, reason: `未知的SOAPAction: ${action || '(空)'}`, unknownAction: true };
  const charset = charsetOf(req);
  if (!iconv.encodingExists(charset)) return { ok: false, reason: `不支持的字符集: ${charset}` };
  const xml = iconv.decode(req.body, charset);
  if (XMLValidator.validate(xml) !== true) return { ok: false, reason: '请求报文不是合法的XML' };
  const body = (parser.parse(xml) as { Envelope?: { Body?: Record<string, unknown> } }).Envelope?.Body;
  const op = body?.[action] as { CXTJ?: unknown[]; CXTJLB?: { CXTJ?: unknown[] } } | undefined;
  if (!op || typeof op !== 'object') return { ok: false, reason: `请求报文缺少${action}元素` };
  const raw = action === 'QueryPerson' ? op.CXTJ : typeof op.CXTJLB === 'object' ? op.CXTJLB.CXTJ : undefined;
  const conditions: Condition[] = (raw ?? []).map((c) => {
    const o = (c && typeof c === 'object' ? c : {}) as Record<string, unknown>;
    return { ZJLX: text(o.ZJLX) ?? '', ZJHM: text(o.ZJHM) ?? '', GJDQ: text(o.GJDQ) };
  });
  if (action === 'QueryPerson' && conditions.length !== 1)
    return { ok: false, reason: 'QueryPerson须且仅须一个查询条件' };
  return { ok: true, operation: action as Operation, conditions };
}
