import { loadWorld, worldOptionsFromEnv } from '../data/generator';
import { startTaxMock } from './server';

/** Runs the Taxation Bureau's database mock: MariaDB behind the wire proxy when MARIADB_URL is set, else SQLite. */
function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65_535)
    throw new Error(`${name} must be a port number from 0 to 65535: ${raw}`);
  return n;
}

async function main(): Promise<void> {
  const world = loadWorld(worldOptionsFromEnv());
  let lastPct = -1;
  const handle = await startTaxMock({
    world,
    port: port('TAX_MOCK_PORT', 5105),
    adminPort: port('TAX_MOCK_ADMIN_PORT', 5205),
    host: process.env.HOST ?? '127.0.0.1',
    baseLatencyMs: 20, // per query, on the wire (MariaDB mode)
    mariadbUrl: process.env.MARIADB_URL || undefined,
    sqlitePath: process.env.TAX_SQLITE_PATH || undefined,
    onSeedProgress: (done, total) => {
      const pct = Math.floor((done / total) * 100);
      if (total >= 10_000 && pct !== lastPct && pct % 10 === 0)
        console.log(`tax mock: seeded ${done}/${total} rows (${pct}%)`);
      lastPct = pct;
    },
  });
  console.log(
    `tax mock (${handle.backend}): ${handle.url.replace(/:[^:@/]*@/, ':***@')} admin ${handle.adminUrl}`,
  );
  const stop = async () => {
    await handle.close();
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => {
  console.error('tax mock failed to start:', e);
  process.exit(1);
});
