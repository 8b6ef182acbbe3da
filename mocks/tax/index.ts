import { runMock } from '../kit/main';
import { startTaxMock } from './server';

/** The Taxation Bureau's database: MariaDB behind the wire proxy when MARIADB_URL is set, else SQLite. */
let lastPct = -1;
void runMock(
  'tax',
  { port: 5105, adminPort: 5205, latencyMs: 20 }, // 20 ms per query, on the wire (MariaDB mode)
  (common, env) =>
    startTaxMock({
      ...common,
      mariadbUrl: env.MARIADB_URL || undefined,
      sqlitePath: env.TAX_SQLITE_PATH || undefined,
      onSeedProgress: (done, total) => {
        const pct = Math.floor((done / total) * 100);
        if (total >= 10_000 && pct !== lastPct && pct % 10 === 0)
          console.log(`tax mock: seeded ${done}/${total} rows (${pct}%)`);
        lastPct = pct;
      },
    }),
  (h) => `(${h.backend}) ${h.url.replace(/:[^:@/]*@/, ':***@')} admin ${h.adminUrl}`,
);
