import pino from 'pino';

/** The one structured logger (pino, JSON lines). LOG_LEVEL sets the level; tests default to silent. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
  base: { service: process.env.SERVICE_NAME ?? undefined },
});
