// The policy is read once per test file, by the first legacy operation built: set it before the stack loads.
import { MATRIX_POLICY, legacyPolicy } from './policy';
process.env.LEGACY_POLICY = legacyPolicy(MATRIX_POLICY);
import { describeFaultMatrix } from './fault-matrix.cases';

// Embedded defaults: the tax database is SQLite, so only its lock faults run here (see expectations()).
// A locked SQLite file blocks the event loop for the busy timeout (better-sqlite3 is synchronous):
// 200 ms keeps that under the call timeout instead of the adapter's 1 s default.
describeFaultMatrix('the counter view with one legacy system failing (embedded defaults)', 'sqlite', () => ({
  tax: { busyTimeoutMs: 200 },
}));
