import pino from 'pino';

/** Most log bytes held while stdout does not take them (a stalled reader); past it lines are dropped, not held. */
const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;

/**
 * The one structured logger (pino, JSON lines on stdout). LOG_LEVEL sets the level; tests default
 * to silent. Written asynchronously: the lines logged while a write is under way go out together
 * in the next one, not one write each (each request logs a line, and on a busy host the writes
 * cost more than the logging). pino flushes what is left when the process exits (then the last
 * lines may come out before a write still under way: every line carries its time); only a machine
 * failure, a SIGKILL or a reader stalled past MAX_BUFFERED_LOG_BYTES loses lines (the audit trail
 * is not a log: it commits before the answer).
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
    base: { service: process.env.SERVICE_NAME ?? undefined },
  },
  pino.destination({ dest: 1, sync: false, maxLength: MAX_BUFFERED_LOG_BYTES }),
);
