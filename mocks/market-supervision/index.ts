import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import { startMarketSupervisionMock } from './server';

/** Runs the market supervision mock on its default ports (5102, admin 5202). */
async function main(): Promise<void> {
  const env = process.env;
  const handle = await startMarketSupervisionMock({
    port: envNumber(env, 'MARKET_SUPERVISION_MOCK_PORT', 5102, 65_535),
    adminPort: envNumber(env, 'MARKET_SUPERVISION_MOCK_ADMIN_PORT', 5202, 65_535),
    host: env.HOST ?? '127.0.0.1',
    world: loadWorld(worldOptionsFromEnv(env)),
    baseLatencyMs: envNumber(env, 'MARKET_SUPERVISION_MOCK_LATENCY_MS', 60), // 60 ms: the registry's usual answer time
    rateLimitPerSecond: envNumber(env, 'MARKET_SUPERVISION_MOCK_RATE_LIMIT', 200) || undefined, // requests a second; 0 = off
  });
  console.log(`market-supervision mock: ${handle.url} (admin ${handle.adminUrl})`);
  const stop = () => {
    handle.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** A whole number from the environment; a bad value stops start-up naming the variable. */
function envNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`${name} must be a whole number from 0 to ${max}: ${raw}`);
  return n;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
