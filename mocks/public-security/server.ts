import { FaultController } from '../kit/faults';
import {
  createHttpMockServer,
  type HttpMockReply,
  type HttpMockRequest,
  type HttpProtocol,
} from '../kit/http-mock';
import { startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import { registryOf, type Registry } from './records';
import { result } from './render';
import { actionOf, parseRequest } from './request';
import { CONTENT_TYPE, CWDM, fault, ok } from './soap';
import { wsdl } from './wsdl';

/** Where the household service is published. */
export const SERVICE_PATH = '/ws/HouseholdService';
/** Largest QueryPersonBatch the registry accepts. */
export const MAX_BATCH = 50;

const isWsdl = (req: HttpMockRequest) => req.method === 'GET' && req.query.has('wsdl');

const protocol: HttpProtocol = {
  operation: (req) => {
    if (isWsdl(req)) return 'wsdl';
    const parsed = parseRequest(req);
    return parsed.ok ? parsed.operation : actionOf(req) || 'unknown';
  },
  keys: (req) => {
    const parsed = parseRequest(req);
    return parsed.ok ? parsed.conditions.length : 1;
  },
  serverError: () => fault('Server', '服务器内部错误，请联系系统管理员', CWDM.INTERNAL),
  rateLimited: (retryAfter) =>
    fault('Server', '访问频率超过限制，请稍后重试', CWDM.RATE_LIMITED, 503, {
      'retry-after': String(retryAfter),
    }),
  maintenance: (retryAfter) =>
    fault('Server', '系统维护中，请稍后访问', CWDM.MAINTENANCE, 503, { 'retry-after': String(retryAfter) }),
  contentType: CONTENT_TYPE,
};

function handle(registry: Registry, req: HttpMockRequest, location: () => string): HttpMockReply {
  if (req.path !== SERVICE_PATH)
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
  if (isWsdl(req))
    return { status: 200, headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: wsdl(location()) };
  if (req.method !== 'POST')
    return { status: 405, headers: { allow: 'POST', 'content-type': 'text/plain' }, body: '' };
  const parsed = parseRequest(req);
  if (!parsed.ok)
    return fault(
      'Client',
      parsed.reason,
      parsed.unknownAction ? CWDM.UNKNOWN_ACTION : CWDM.MALFORMED_REQUEST,
    );
  if (parsed.operation === 'QueryPerson') {
    return ok(
      `<hj:QueryPersonResponse>${result(registry, parsed.conditions[0]!, 1)}</hj:QueryPersonResponse>`,
    );
  }
  if (parsed.conditions.length === 0) return fault('Client', '查询条件不能为空', CWDM.EMPTY_BATCH);
  if (parsed.conditions.length > MAX_BATCH)
    return fault('Client', `批量查询上限为${MAX_BATCH}条`, CWDM.BATCH_TOO_LARGE);
  const results = parsed.conditions.map((c, i) => result(registry, c, i + 1)).join('');
  return ok(`<hj:QueryPersonBatchResponse><hj:JGLB>${results}</hj:JGLB></hj:QueryPersonBatchResponse>`);
}

/**
 * The public security household registry (户籍/出入境人员信息), a SOAP 1.1 service in GB18030:
 * `QueryPerson` and `QueryPersonBatch` (at most 50 conditions) at POST /ws/HouseholdService.
 */
export async function startPublicSecurityMock(options: MockStartOptions): Promise<MockHandle> {
  const controller = new FaultController(options.baseLatencyMs ?? 80);
  const registry = registryOf(options.world);
  let url = '';
  const server = createHttpMockServer(controller, protocol, (req) =>
    handle(registry, req, () => url + SERVICE_PATH),
  );
  const mock = await startMock('public-security', 'http', server, controller, options);
  url = mock.url;
  return mock;
}
