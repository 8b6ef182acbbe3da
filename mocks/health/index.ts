import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import { HEALTH_BASE_LATENCY_MS, startHealthMock } from './server';

/** A port (or latency) from the environment; a bad value stops start-up naming the variable. */
function envNumber(name: string, fallback: number, max = 65_535): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new Error(`${name} must be a whole number from 0 to ${max}: ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const mock = await startHealthMock({
    port: envNumber('HEALTH_MOCK_PORT', 5103),
    adminPort: envNumber('HEALTH_MOCK_ADMIN_PORT', 5203),
    host: process.env.HOST ?? '127.0.0.1',
    world: loadWorld(worldOptionsFromEnv()),
    // The Commission's FHIR server sits behind the health intranet gateway: about 100 ms a search.
    baseLatencyMs: envNumber('HEALTH_MOCK_LATENCY_MS', HEALTH_BASE_LATENCY_MS, 600_000),
  });
  console.log(`health mock: ${mock.url}/fhir (admin ${mock.adminUrl})`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
