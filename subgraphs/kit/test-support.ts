import { newAdapterContext } from '../../adapters/kit/operation';
import path from 'node:path';
import { MemoryAuditStore } from '../../trust/audit/memory-store';
import { DEFAULT_POLICY_FILE, DEFAULT_PURPOSES_FILE, loadPolicy } from '../../trust/policy/policy';
import type { TrustContext } from '../../trust/context/trust-context';
import type { SubgraphContext } from './context';
import type { SubgraphTrust } from './subgraph';

/** The test-only purpose of test/helpers/test-purposes.json: an officer reading everything. */
const TEST_PURPOSE = 'E2E-TEST';
const testPolicy = () =>
  loadPolicy({
    policyFile: DEFAULT_POLICY_FILE,
    purposesFiles: [DEFAULT_PURPOSES_FILE, path.resolve(__dirname, '../../test/helpers/test-purposes.json')],
  });

/** A subgraph's trust for unit tests that run operations on buildApollo: the test policy, an in-memory audit trail. */
export function unitTrust(): SubgraphTrust & { audit: MemoryAuditStore } {
  return { policy: testPolicy(), audit: new MemoryAuditStore({ department: 'unit' }) };
}

/** The signed context the gateway would send for the E2E-TEST officer (every subject, every field). */
export function unitTrustContext(channel = 'counter'): TrustContext {
  return {
    actor: { id: 'officer-unit', role: 'OFFICER', department: 'service-center', scopes: [], issuer: 'test' },
    channel,
    purpose: { kind: 'statutory', code: TEST_PURPOSE },
    traceId: '0'.repeat(32),
    subjects: { persons: [], companies: [], any: true },
  };
}

/** A resolver context as a subgraph builds one for a request from the gateway. */
export function unitContext(
  channel = 'counter',
  trust: TrustContext = unitTrustContext(channel),
): SubgraphContext {
  return { adapter: newAdapterContext(), traceId: 't', channel, trust };
}
