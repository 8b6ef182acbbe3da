import { runMock } from '../kit/main';
import { HUMAN_RESOURCES_BASE_LATENCY_MS, startHumanResourcesMock } from './server';

/** HUMAN_RESOURCES_MOCK_MAINTENANCE_WINDOW: `HH:mm-HH:mm` (Asia/Shanghai) or `off`; unset keeps 01:00-05:00. */
function maintenanceWindow(env: NodeJS.ProcessEnv): string | null | undefined {
  const raw = env.HUMAN_RESOURCES_MOCK_MAINTENANCE_WINDOW;
  if (raw === undefined || raw === '') return undefined;
  return raw === 'off' ? null : raw;
}

void runMock(
  'human-resources',
  { port: 5106, adminPort: 5206, latencyMs: HUMAN_RESOURCES_BASE_LATENCY_MS },
  (common, env) => startHumanResourcesMock({ ...common, maintenanceWindow: maintenanceWindow(env) }),
  (h) => `${h.url}/bulk/ss-query (admin ${h.adminUrl})`,
);
