import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import { startHousingMock } from './server';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number from 0 to 65535: ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const handle = await startHousingMock({
    port: port('HOUSING_MOCK_PORT', 5104),
    adminPort: port('HOUSING_MOCK_ADMIN_PORT', 5204),
    host: process.env.HOST ?? '127.0.0.1',
    world: loadWorld(worldOptionsFromEnv()),
    baseLatencyMs: 40,
  });
  console.log(`housing mock: registry on ${handle.url}, admin on ${handle.adminUrl}`);
  const stop = () => handle.close().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
