import { logger } from '../../adapters/kit/logger';

/** A running poll loop. */
export interface PollLoop {
  /** Stops polling; a tick under way finishes, none starts after. */
  stop(): void;
}

/**
 * Runs `tick` every `intervalMs` ms, one at a time (the next waits for the previous to end, so
 * a slow store never piles up polls). A tick that throws is logged and the loop goes on: a
 * store that is briefly away must not take the gateway down with it. The timer is unref'ed.
 */
export function startPolling(what: string, intervalMs: number, tick: () => Promise<void>): PollLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failing = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(run, intervalMs);
    timer.unref();
  };
  const run = async () => {
    try {
      await tick();
      if (failing) logger.info({ what }, 'poll recovered');
      failing = false;
    } catch (err) {
      // Logged at every failure, so a long outage shows in the logs until it ends.
      logger.error({ err, what }, 'poll failed; retrying');
      failing = true;
    }
    schedule();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}
