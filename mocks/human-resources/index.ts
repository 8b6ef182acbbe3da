import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import { HUMAN_RESOURCES_BASE_LATENCY_MS, startHumanResourcesMock } from './server';

function envInt(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`${name} must be a whole number from ${min} to ${max}: ${raw}`);
  return n;
}

/** HUMAN_RESOURCES_MOCK_MAINTENANCE_WINDOW: `HH:mm-HH:mm` (Asia/Shanghai) or `off`; unset keeps 01:00-05:00. */
function envWindow(): string | null | undefined {
  const raw = process.env.HUMAN_RESOURCES_MOCK_MAINTENANCE_WINDOW;
  if (raw === undefined || raw === '') return undefined;
  return raw === 'off' ? null : raw;
}

async function main(): Promise<void> {
  const handle = await startHumanResourcesMock({
    port: envInt('HUMAN_RESOURCES_MOCK_PORT', 5106, 0, 65_535),
    adminPort: envInt('HUMAN_RESOURCES_MOCK_ADMIN_PORT', 5206, 0, 65_535),
    host: process.env.HOST ?? '127.0.0.1',
    world: loadWorld(worldOptionsFromEnv()),
    baseLatencyMs: envInt('HUMAN_RESOURCES_MOCK_LATENCY_MS', HUMAN_RESOURCES_BASE_LATENCY_MS, 0, 600_000),
    maintenanceWindow: envWindow(),
  });
  console.log(`human-resources mock: ${handle.url}/bulk/ss-query (admin ${handle.adminUrl})`);
  const stop = () => {
    handle.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
