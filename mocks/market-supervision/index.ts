import { envWholeNumber, runMock } from '../kit/main';
import { startMarketSupervisionMock } from './server';

// 60 ms is the registry's usual answer time; it also enforces a quota (requests a second; 0 = off).
void runMock('market-supervision', { port: 5102, adminPort: 5202, latencyMs: 60 }, (common, env) =>
  startMarketSupervisionMock({
    ...common,
    rateLimitPerSecond:
      envWholeNumber('MARKET_SUPERVISION_MOCK_RATE_LIMIT', 200, { max: 1_000_000 }, env) || undefined,
  }),
);
