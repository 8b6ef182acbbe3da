import pino from 'pino';

/** Most log bytes held while stdout does not take them (a stalled reader); past it lines are dropped, not held. */
const MAX_BUFFERED_LOG_BYTES = 16 * 1024 * 1024;
/** Log bytes gathered before a write (a busy process writes a few lines at a time, not one each). */
const LOG_WRITE_BYTES = 4096;
/** Longest a line waits for LOG_WRITE_BYTES to gather, in ms: a quiet process's lines still come out at once, near enough. */
export const LOG_FLUSH_MS = 250;

/**
 * The one structured logger (pino, JSON lines on stdout). LOG_LEVEL sets the level; tests default
 * to silent. Written asynchronously and in batches: lines gather until LOG_WRITE_BYTES or
 * LOG_FLUSH_MS, and those logged while a write is under way go out together in the next one, not
 * one write each (each request logs a line, and on a busy host each write, which wakes the reader,
 * costs more than the logging). pino flushes what is left when the process exits (then the last
 * lines may come out before a write still under way: every line carries its time); only a machine
 * failure, a SIGKILL or a reader stalled past MAX_BUFFERED_LOG_BYTES loses lines (the audit trail
 * is not a log: it commits before the answer).
 */
export const logger = pino(
  {
    level: process.env.LOG_LEVEL ?? (process.env.JEST_WORKER_ID ? 'silent' : 'info'),
    base: { service: process.env.SERVICE_NAME ?? undefined },
  },
  pino.destination({
    dest: 1,
    sync: false,
    minLength: LOG_WRITE_BYTES,
    periodicFlush: LOG_FLUSH_MS,
    maxLength: MAX_BUFFERED_LOG_BYTES,
  }),
);

/** Longest exitAfterLogs waits for the buffered lines to be written, in ms. */
export const EXIT_FLUSH_MS = 2_000;
/** The exit under way, once exitAfterLogs was called. */
let exiting: Promise<never> | undefined;

/**
 * Writes out the lines still buffered, asynchronously, then exits with `code`: how a process
 * that logs ends. Exiting with lines buffered leaves them to pino's synchronous flush at exit,
 * and sonic-boom 4 retries a failed synchronous write forever (only EAGAIN and EBUSY are meant to
 * be retried): a process whose stdout reader is gone (the pipe of a supervisor killed outright:
 * EPIPE) hung there, deaf to signals. The asynchronous write fails instead, and pino then turns
 * logging off, so the exit has nothing left to write. A reader that is only slow gets
 * EXIT_FLUSH_MS; what it has not taken by then is left to the exit's flush, as before.
 */
export function exitAfterLogs(code: number): Promise<never> {
  // The first call decides the exit code; a second (a signal during a failed start-up) joins it.
  exiting ??= (async () => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EXIT_FLUSH_MS);
      logger.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    process.exit(code);
  })();
  return exiting;
}
