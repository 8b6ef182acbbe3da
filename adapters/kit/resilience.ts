import { Bulkhead, RetryBudget } from './bulkhead';
import type { CallPolicy } from './policy';

/**
 * The bulkhead and the retry budget are per legacy system, shared by all its operations
 * in this process (a slow system must not take every socket, whichever operation calls it).
 * The first operation of a department sets them from its policy.
 */
const byDepartment = new Map<string, { bulkhead: Bulkhead; budget: RetryBudget }>();

export function resilienceOf(
  department: string,
  policy: CallPolicy,
): { bulkhead: Bulkhead; budget: RetryBudget } {
  let r = byDepartment.get(department);
  if (!r) {
    r = {
      bulkhead: new Bulkhead(department, policy.bulkhead.maxConcurrent, policy.bulkhead.maxQueue),
      budget: new RetryBudget(policy.retry.budgetPercent, policy.retry.minPerSecond),
    };
    byDepartment.set(department, r);
  }
  return r;
}
