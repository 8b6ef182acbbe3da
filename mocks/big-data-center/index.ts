import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import { onStop } from '../kit/main';
import { demoApps, parseApps } from './apps';
import { startBigDataCenterMock } from './server';
import { parseVerifierKey } from './suishenma-verifier-key';

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number from 0 to 65535: ${raw}`);
  return n;
}

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a positive whole number of seconds: ${raw}`);
  return n;
}

/** The verifier key from the environment, checked now so a bad value stops start-up naming the variable. */
function verifierKey(name: string): string | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  parseVerifierKey(raw, name);
  return raw.trim();
}

async function main(): Promise<void> {
  const appsRaw = process.env.BIG_DATA_CENTER_MOCK_APPS;
  const handle = await startBigDataCenterMock({
    port: port('BIG_DATA_CENTER_MOCK_PORT', 5107),
    adminPort: port('BIG_DATA_CENTER_MOCK_ADMIN_PORT', 5207),
    host: process.env.HOST ?? '127.0.0.1',
    world: loadWorld(worldOptionsFromEnv()),
    baseLatencyMs: 30, // a signed API gateway in front of a document store: tens of ms per call
    apps: appsRaw ? parseApps(appsRaw) : demoApps(),
    suishenmaTtlSeconds: seconds('BIG_DATA_CENTER_MOCK_SUISHENMA_TTL_SECONDS', 60),
    suishenmaVerifierKey: verifierKey('BIG_DATA_CENTER_MOCK_SUISHENMA_VERIFIER_KEY'),
  });
  console.log(`big-data-center mock: ${handle.url} (admin ${handle.adminUrl})`);
  onStop(async () => {
    await handle.close();
    process.exit(0);
  });
}

main().catch((e) => {
  console.error('big-data-center mock failed to start:', e);
  process.exit(1);
});
