import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import type { MockHandle, MockStartOptions } from './mock-server';

/** A whole number from the environment; a bad value stops start-up naming the variable. */
export function envWholeNumber(
  name: string,
  fallback: number,
  { min = 0, max = 65_535 }: { min?: number; max?: number } = {},
  env: NodeJS.ProcessEnv = process.env,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}: ${raw}`);
  return n;
}

export interface MockDefaults {
  /** Port of the legacy protocol. */
  port: number;
  adminPort: number;
  /** The real system's usual answer time, in ms. */
  latencyMs: number;
}

/**
 * The body of every mock's index.ts: ports and latency from `<PREFIX>_MOCK_PORT`,
 * `<PREFIX>_MOCK_ADMIN_PORT` and `<PREFIX>_MOCK_LATENCY_MS`, the world from MOCK_PEOPLE and
 * MOCK_SEED; logs where it listens and closes on SIGTERM, SIGINT or when its supervisor goes (onStop).
 */
export async function runMock<H extends MockHandle>(
  name: string,
  defaults: MockDefaults,
  start: (common: MockStartOptions, env: NodeJS.ProcessEnv) => Promise<H>,
  describe: (handle: H) => string = (h) => `${h.url} (admin ${h.adminUrl})`,
): Promise<void> {
  const env = process.env;
  const prefix = name.toUpperCase().replace(/-/g, '_');
  try {
    const handle = await start(
      {
        port: envWholeNumber(`${prefix}_MOCK_PORT`, defaults.port),
        adminPort: envWholeNumber(`${prefix}_MOCK_ADMIN_PORT`, defaults.adminPort),
        host: env.HOST ?? '127.0.0.1',
        world: loadWorld(worldOptionsFromEnv(env)),
        baseLatencyMs: envWholeNumber(`${prefix}_MOCK_LATENCY_MS`, defaults.latencyMs, { max: 600_000 }),
      },
      env,
    );
    console.log(`${name} mock: ${describe(handle)}`);
    onStop(() =>
      handle.close().then(
        () => process.exit(0),
        () => process.exit(1),
      ),
    );
  } catch (e) {
    console.error(`${name} mock failed to start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}

/**
 * Runs `stop` once, on SIGTERM, SIGINT, or when the IPC channel of the process that started this
 * one closes (`npm start` or the bench killed outright): a mock left behind would hold its ports.
 */
export function onStop(stop: () => unknown): void {
  let stopping = false;
  const once = () => {
    if (stopping) return;
    stopping = true;
    void stop();
  };
  process.on('SIGTERM', once);
  process.on('SIGINT', once);
  if (process.send) {
    // Gone already (the supervisor died while this mock was loading its world): the event has fired.
    if (!process.connected) queueMicrotask(once);
    else process.once('disconnect', once);
  }
}
