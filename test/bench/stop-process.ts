import type { GatewayRun } from '../helpers/gateway-process';

/**
 * Stops a gateway process the way production does (SIGTERM: it drains, then exits, which also
 * writes a `--cpu-prof` profile); SIGKILL if it is still there after `graceMs`.
 */
export async function stopProcess(run: GatewayRun, graceMs = 15_000): Promise<void> {
  if (run.proc.exitCode !== null || run.proc.signalCode !== null) return;
  run.proc.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
  const outcome = await Promise.race([run.exited, late]);
  clearTimeout(timer);
  if (outcome === 'late') {
    run.proc.kill('SIGKILL');
    await run.exited;
  }
}
