import { HEALTH_BASE_LATENCY_MS } from '../../mocks/health/server';
import { HUMAN_RESOURCES_BASE_LATENCY_MS } from '../../mocks/human-resources/server';
import type { LegacySystem } from '../faults/policy';

/** The mocks' realistic answer times (each mock's index.ts default), in ms. */
export const REALISTIC_LATENCY_MS: Record<LegacySystem, number> = {
  'public-security': 80, // mocks/public-security/index.ts
  'market-supervision': 60, // mocks/market-supervision/index.ts
  health: HEALTH_BASE_LATENCY_MS,
  housing: 40, // mocks/housing/index.ts
  tax: 20, // mocks/tax/index.ts: on the MariaDB wire only (embedded SQLite has no wire)
  'human-resources': HUMAN_RESOURCES_BASE_LATENCY_MS,
  'big-data-center': 30, // mocks/big-data-center/index.ts
};
