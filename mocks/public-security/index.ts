import { runMock } from '../kit/main';
import { startPublicSecurityMock } from './server';

// A SOAP registry behind the public security intranet gateway answers in about 80 ms.
void runMock(
  'public-security',
  { port: 5101, adminPort: 5201, latencyMs: 80 },
  startPublicSecurityMock,
  (h) => `${h.url}/ws/HouseholdService (admin ${h.adminUrl})`,
);
