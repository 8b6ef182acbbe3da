/**
 * Runs `fn` once `ms` have passed, in the check phase after the timer ran rather than in the
 * timers phase: after a busy stretch of the event loop a due timer runs before the poll phase
 * reads what already arrived, and an answer that came in time must not lose to a timer that only
 * ran late. The timer does not keep the process alive. Returns a cancel function.
 */
export function lateTimer(ms: number, fn: () => void): () => void {
  let late: NodeJS.Immediate | undefined;
  const timer = setTimeout(() => (late = setImmediate(fn)), ms);
  timer.unref();
  return () => {
    clearTimeout(timer);
    clearImmediate(late);
  };
}

/** What a call that ran out of time rejects with: a TimeoutError, as `AbortSignal.timeout` aborts with. */
export function timeoutError(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/** An AbortController that aborts with a TimeoutError as a lateTimer fires after `ms`, and its cancel. */
function timeoutAbort(ms: number): { signal: AbortSignal; cancel: () => void } {
  const controller = new AbortController();
  const cancel = lateTimer(ms, () => controller.abort(timeoutError()));
  return { signal: controller.signal, cancel };
}

/** Like `AbortSignal.timeout(ms)`, but aborting as a lateTimer fires. */
export function timeoutSignal(ms: number): AbortSignal {
  return timeoutAbort(ms).signal;
}

/**
 * Runs `fn` with a timeoutSignal(ms) whose timer ends as soon as `fn` settles: a call that
 * answered leaves no timer behind to run (and build its abort reason) long after.
 */
export async function withTimeoutSignal<T>(ms: number, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { signal, cancel } = timeoutAbort(ms);
  try {
    return await fn(signal);
  } finally {
    cancel();
  }
}
