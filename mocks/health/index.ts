import { runMock } from '../kit/main';
import { HEALTH_BASE_LATENCY_MS, startHealthMock } from './server';

// The Commission's FHIR server sits behind the health intranet gateway: about 100 ms a search.
void runMock(
  'health',
  { port: 5103, adminPort: 5203, latencyMs: HEALTH_BASE_LATENCY_MS },
  startHealthMock,
  (h) => `${h.url}/fhir (admin ${h.adminUrl})`,
);
