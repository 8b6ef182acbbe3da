import { FaultController } from '../kit/faults';
import { createHttpMockServer } from '../kit/http-mock';
import { startMock, type MockHandle, type MockStartOptions } from '../kit/mock-server';
import { demoApps, type AppRegistry } from './apps';
import { createHandler } from './handler';
import { DEFAULT_ISSUER_KEY_SEED, IssuerKeyring } from './issuer-keys';
import { CertificateLibrary } from './library';
import { bigDataCenterProtocol } from './protocol';
import { CertificateRenderer } from './records';
import { RequestAuthenticator } from './request-auth';
import { SuishenmaIssuer } from './suishenma';
import { DEMO_SUISHENMA_VERIFIER_KEY, parseVerifierKey } from './suishenma-verifier-key';
import { DEFAULT_VERIFICATION_CODE_SEED } from './verification-code';

export interface BigDataCenterMockOptions extends MockStartOptions {
  /** App keys and their secrets the platform accepts. @default the demo app (apps.ts) */
  apps?: AppRegistry;
  /** Largest accepted distance between X-Timestamp and the platform clock, in s. @default 300 (5 min) */
  maxSkewSeconds?: number;
  /** Seed the issuers' Ed25519 keys are derived from. @default DEFAULT_ISSUER_KEY_SEED */
  issuerKeySeed?: string;
  /** Seed the printed verification codes are derived from. @default DEFAULT_VERIFICATION_CODE_SEED */
  verificationCodeSeed?: string;
  /** Seed the Suishenma signing key is derived from. @default DEFAULT_SUISHENMA_KEY_SEED */
  suishenmaKeySeed?: string;
  /**
   * The 256-bit key Suishenma codes are encrypted under, shared with the data layer's
   * verifier: base64url of 32 bytes. @default DEMO_SUISHENMA_VERIFIER_KEY (local runs only)
   */
  suishenmaVerifierKey?: string;
  /** How long a Suishenma code is valid, in s. @default 60 (1 min) */
  suishenmaTtlSeconds?: number;
  /** The platform clock, in ms since the epoch (tests move it). @default Date.now */
  now?: () => number;
}

/** Starts the Big Data Center's signed REST/JSON platform (certificate library, Suishenma) on `options.port`. */
export async function startBigDataCenterMock(options: BigDataCenterMockOptions): Promise<MockHandle> {
  const maxSkewSeconds = options.maxSkewSeconds ?? 300;
  if (!(maxSkewSeconds > 0))
    throw new TypeError(`maxSkewSeconds must be a positive number: ${maxSkewSeconds}`);
  const ttl = options.suishenmaTtlSeconds ?? 60;
  if (!Number.isInteger(ttl) || ttl < 1)
    throw new TypeError(`suishenmaTtlSeconds must be a positive integer: ${ttl}`);
  const verifierKey = parseVerifierKey(
    options.suishenmaVerifierKey ?? DEMO_SUISHENMA_VERIFIER_KEY,
    'suishenmaVerifierKey',
  );
  const now = options.now ?? Date.now;
  const controller = new FaultController(options.baseLatencyMs ?? 0);
  const keys = new IssuerKeyring(options.issuerKeySeed ?? DEFAULT_ISSUER_KEY_SEED);
  const library = new CertificateLibrary(
    options.world,
    options.verificationCodeSeed ?? DEFAULT_VERIFICATION_CODE_SEED,
    now,
  );
  const handler = createHandler({
    world: options.world,
    auth: new RequestAuthenticator(options.apps ?? demoApps(), maxSkewSeconds * 1000, now),
    keys,
    library,
    renderer: new CertificateRenderer(keys, library),
    suishenma: new SuishenmaIssuer(options.world, {
      ttlSeconds: ttl,
      now,
      keySeed: options.suishenmaKeySeed,
      verifierKey,
    }),
  });
  const server = createHttpMockServer(controller, bigDataCenterProtocol, handler);
  return startMock('big-data-center', 'http', server, controller, options);
}
