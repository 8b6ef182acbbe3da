import { FaultController } from '../kit/faults';
import { createHttpMockServer } from '../kit/http-mock';
import { startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import { demoApps, type AppRegistry } from './apps';
import { createHandler } from './handler';
import { DEFAULT_ISSUER_KEY_SEED, IssuerKeyring } from './issuer-keys';
import { bigDataCenterProtocol } from './protocol';
import { CertificateRenderer } from './records';
import { RequestAuthenticator } from './request-auth';

export interface BigDataCenterMockOptions extends MockStartOptions {
  /** App keys and their secrets the platform accepts. @default the demo app (apps.ts) */
  apps?: AppRegistry;
  /** Largest accepted distance between X-Timestamp and the platform clock, in s. @default 300 (5 min) */
  maxSkewSeconds?: number;
  /** Seed the issuers' Ed25519 keys are derived from. @default DEFAULT_ISSUER_KEY_SEED */
  issuerKeySeed?: string;
  /** The platform clock, in ms since the epoch (tests move it). @default Date.now */
  now?: () => number;
}

/** Starts the Big Data Center's signed REST/JSON certificate library on `options.port` (0: any free port). */
export async function startBigDataCenterMock(options: BigDataCenterMockOptions): Promise<MockHandle> {
  const maxSkewSeconds = options.maxSkewSeconds ?? 300;
  if (!(maxSkewSeconds > 0))
    throw new TypeError(`maxSkewSeconds must be a positive number: ${maxSkewSeconds}`);
  const controller = new FaultController(options.baseLatencyMs ?? 0);
  const keys = new IssuerKeyring(options.issuerKeySeed ?? DEFAULT_ISSUER_KEY_SEED);
  const handler = createHandler({
    world: options.world,
    auth: new RequestAuthenticator(options.apps ?? demoApps(), maxSkewSeconds * 1000, options.now),
    keys,
    renderer: new CertificateRenderer(keys),
  });
  const server = createHttpMockServer(controller, bigDataCenterProtocol, handler);
  return startMock('big-data-center', 'http', server, controller, options);
}
