import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import { startPublicSecurityMock } from './server';

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
  const mock = await startPublicSecurityMock({
    port: envNumber('PUBLIC_SECURITY_MOCK_PORT', 5101),
    adminPort: envNumber('PUBLIC_SECURITY_MOCK_ADMIN_PORT', 5201),
    host: process.env.HOST ?? '127.0.0.1',
    world: loadWorld(worldOptionsFromEnv()),
    // A SOAP registry behind the public security intranet gateway answers in about 80 ms.
    baseLatencyMs: envNumber('PUBLIC_SECURITY_MOCK_LATENCY_MS', 80, 600_000),
  });
  console.log(`public-security mock: ${mock.url}/ws/HouseholdService (admin ${mock.adminUrl})`);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
