import iconv from 'iconv-lite';
import type { HttpMockReply, HttpMockRequest, HttpProtocol } from '../kit/http-mock';
import { readIdList } from './request';

export const QUERY_PATH = '/bulk/ss-query';
/** Operation name in the mock's counters. */
export const QUERY_OPERATION = 'ss-query';
export const CSV_TYPE = 'text/csv; charset=GBK';

/** The system's error replies: a short GBK plain-text line, as its servlet container prints them. */
export function textReply(
  status: number,
  message: string,
  headers: Record<string, string> = {},
): HttpMockReply {
  return {
    status,
    headers: { 'content-type': 'text/plain; charset=GBK', ...headers },
    body: iconv.encode(message + '\r\n', 'gbk'),
  };
}

/** How the fault layer speaks this protocol. */
export const ssQueryProtocol: HttpProtocol = {
  operation: (req: HttpMockRequest) =>
    req.path === QUERY_PATH ? QUERY_OPERATION : `${req.method} ${req.path}`,
  keys: (req: HttpMockRequest) => {
    const list = readIdList(req.body);
    return list.ok ? list.ids.length : 0;
  },
  serverError: () => textReply(500, '系统内部错误，请稍后重试'),
  rateLimited: (retryAfter: number) =>
    textReply(429, '请求过于频繁，请稍后重试', { 'retry-after': String(retryAfter) }),
  maintenance: (retryAfter: number) =>
    textReply(503, '系统维护中，暂停服务', { 'retry-after': String(retryAfter) }),
  contentType: CSV_TYPE,
};
