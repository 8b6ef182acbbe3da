/**
 * Like `AbortSignal.timeout(ms)`, but aborts in the check phase after the timer ran, not in the
 * timers phase: after a busy stretch of the event loop a due timer runs before the poll phase
 * reads what already arrived, and an answer that came in time must not lose to a timer that only
 * ran late. The timer does not keep the process alive.
 */
export function timeoutSignal(ms: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(
    () =>
      setImmediate(() =>
        controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
      ),
    ms,
  ).unref();
  return controller.signal;
}
