import { runMock } from '../kit/main';
import { startHousingMock } from './server';

// The mainframe answers a transaction in about 40 ms.
void runMock(
  'housing',
  { port: 5104, adminPort: 5204, latencyMs: 40 },
  startHousingMock,
  (h) => `registry on ${h.url}, admin on ${h.adminUrl}`,
);
