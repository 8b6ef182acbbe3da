import { FaultController } from '../kit/faults';
import { createHttpMockServer, type HttpProtocol } from '../kit/http-mock';
import { startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import { CONTENT_TYPE, envelope, LEGACY_CODES, rateLimited } from './envelope';
import { Quota } from './quota';
import { createRoutes, keysOf, operationOf } from './routes';

export interface MarketSupervisionMockOptions extends MockStartOptions {
  /**
   * The registry's always-on rate limit, in requests a second; off when absent (tests).
   * The `rateLimitPerSecond` fault comes on top of it.
   */
  rateLimitPerSecond?: number;
}

/** How the enterprise registry says its errors: the JSON envelope with its own codes. */
const protocol: HttpProtocol = {
  operation: operationOf,
  keys: keysOf,
  serverError: () => envelope(500, LEGACY_CODES.INTERNAL, '系统内部错误', null),
  rateLimited,
  maintenance: (retryAfter) =>
    envelope(503, LEGACY_CODES.MAINTENANCE, '系统维护中', null, { 'retry-after': String(retryAfter) }),
  contentType: CONTENT_TYPE,
};

/** Starts the fake enterprise registration system (REST/JSON) of market supervision. */
export async function startMarketSupervisionMock(options: MarketSupervisionMockOptions): Promise<MockHandle> {
  const controller = new FaultController(options.baseLatencyMs ?? 0);
  const routes = createRoutes(options.world);
  const quota = options.rateLimitPerSecond === undefined ? undefined : new Quota(options.rateLimitPerSecond);
  const server = createHttpMockServer(controller, protocol, (req) => {
    const wait = quota?.take();
    return wait === undefined ? routes(req) : rateLimited(wait);
  });
  return startMock('market-supervision', 'http', server, controller, options);
}
