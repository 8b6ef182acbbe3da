import type { ErrorCode } from '../../adapters/kit/error-codes';
import { delta, legacyAttempts } from '../helpers/legacy-calls';
import { startStack, type GraphQLReply, type Stack, type StackOptions } from '../helpers/stack';
import {
  FAULTS,
  FIELDS_OF,
  errorShapes,
  nullAt,
  sortedShapes,
  timedCounterView,
  untilHealthy,
  valueAt,
  type FaultName,
} from './counter-view';
import {
  DEADLINE_MARGIN_MS,
  LEGACY_SYSTEMS,
  REQUEST_TIMEOUT_MS,
  RETRY_ATTEMPTS,
  type LegacySystem,
} from './policy';

/** What one fault on one system must look like in the counter view. */
export interface Expected {
  /** The code of every error; null when retries hid the fault and the view is complete. */
  code: ErrorCode | null;
  retryAfter?: number;
  /** The fields that fail. @default FIELDS_OF[system] */
  paths?: (string | number)[][];
  /** Legacy calls the adapter made for this one view, retries included. */
  attempts: number;
}

const ALL_ATTEMPTS = RETRY_ATTEMPTS + 1;
/**
 * Legacy lookups the view makes on each system: public security is asked for the person and,
 * in a later step, for the restaurant's legal representative (the person stands even when the
 * first fails); when market supervision's company list fails the view has nothing to ask next
 * (licences); health's two lookups (person, company) are independent.
 */
const OPERATIONS: Record<LegacySystem, number> = {
  'public-security': 2,
  'market-supervision': 1,
  health: 2,
  housing: 1,
  tax: 1,
  'human-resources': 1,
  'big-data-center': 1,
};

function common(system: LegacySystem): Record<Exclude<FaultName, `50%${string}`>, Expected> {
  const ops = OPERATIONS[system];
  return {
    // Refused connections are retried (transient by nature): three attempts per operation, none reach the mock.
    'connection refused': { code: 'DEPARTMENT_UNAVAILABLE', attempts: ops * ALL_ATTEMPTS },
    // A timeout is never retried: a system that hung once hangs again, and the deadline is spent.
    hang: { code: 'DEPARTMENT_TIMEOUT', attempts: ops },
    'slow beyond timeout': { code: 'DEPARTMENT_TIMEOUT', attempts: ops },
    'garbage body': { code: 'BAD_LEGACY_REPLY', attempts: ops },
    // Retry-After 1 s is longer than retry.maxDelayMs (500 ms): not worth waiting for inside a request.
    'rate limited': { code: 'RATE_LIMITED', retryAfter: 1, attempts: ops },
    maintenance: { code: 'IN_MAINTENANCE', retryAfter: 30, attempts: ops },
  };
}

/**
 * 50% errors is where protocols differ. A protocol-level error reply (public security's SOAP Fault,
 * health's FHIR OperationOutcome, housing's error record, MariaDB's ERR packet) is LEGACY_FAULT: the
 * system answered, so it is not retried. A bare HTTP 5xx (market supervision, human resources, big
 * data center) is DEPARTMENT_UNAVAILABLE and retried. The dice are seeded, so each cell is exact:
 * seed 19 fails three draws in a row (the retried systems fail after all three attempts), seed 8
 * fails every other draw (one retry hides each failure; health's second lookup draws "ok").
 */
function errorRates(system: LegacySystem): Record<Extract<FaultName, `50%${string}`>, Expected> {
  switch (system) {
    case 'public-security':
      // Two lookups (the person, later the legal representative): seed 19 fails both draws,
      // seed 8 fails the first and lets the second through.
      return {
        '50% errors, seed 19': { code: 'LEGACY_FAULT', attempts: 2 },
        '50% errors, seed 8': {
          code: 'LEGACY_FAULT',
          paths: [
            ['person', 'name'],
            ['person', 'documentType'],
            ['person', 'birthDate'],
          ],
          attempts: 2,
        },
      };
    case 'housing':
    case 'tax':
      return {
        '50% errors, seed 19': { code: 'LEGACY_FAULT', attempts: 1 },
        '50% errors, seed 8': { code: 'LEGACY_FAULT', attempts: 1 },
      };
    case 'health':
      return {
        '50% errors, seed 19': { code: 'LEGACY_FAULT', attempts: 2 },
        '50% errors, seed 8': {
          code: 'LEGACY_FAULT',
          paths: [['person', 'healthCertificates']],
          attempts: 2,
        },
      };
    case 'market-supervision':
      return {
        '50% errors, seed 19': { code: 'DEPARTMENT_UNAVAILABLE', attempts: ALL_ATTEMPTS },
        // Company list: error, retry ok; licences: error, retry ok.
        '50% errors, seed 8': { code: null, attempts: 4 },
      };
    case 'human-resources':
    case 'big-data-center':
      return {
        '50% errors, seed 19': { code: 'DEPARTMENT_UNAVAILABLE', attempts: ALL_ATTEMPTS },
        '50% errors, seed 8': { code: null, attempts: 2 },
      };
  }
}

/**
 * Every cell of the matrix for one tax backend. The tax database is the exception: embedded
 * SQLite has no wire, so only a file lock (hang, maintenance) can fail it, and a lock says nothing
 * of why or for how long (DEPARTMENT_TIMEOUT, no retryAfter); the other faults are MariaDB-only and
 * run in fault-matrix.integration.test.ts against the mock's wire proxy.
 */
export function expectations(taxBackend: 'sqlite' | 'mariadb'): [LegacySystem, FaultName, Expected][] {
  const rows: [LegacySystem, FaultName, Expected][] = [];
  for (const system of LEGACY_SYSTEMS) {
    const cells: Partial<Record<FaultName, Expected>> = { ...common(system), ...errorRates(system) };
    if (system === 'tax' && taxBackend === 'sqlite') {
      rows.push(
        [system, 'hang', { code: 'DEPARTMENT_TIMEOUT', attempts: 1 }],
        [system, 'maintenance', { code: 'DEPARTMENT_TIMEOUT', attempts: 1 }],
      );
      continue;
    }
    if (system === 'tax')
      // MySQL's ERR 1226 (max_queries_per_hour) has no Retry-After: a short jittered retry, twice.
      cells['rate limited'] = { code: 'RATE_LIMITED', attempts: ALL_ATTEMPTS };
    for (const fault of Object.keys(FAULTS) as FaultName[]) rows.push([system, fault, cells[fault]!]);
  }
  return rows;
}

/**
 * The fault matrix: for each legacy system and each fault, the counter view keeps every other
 * department's data exactly as a healthy view has it, the failing fields are null with the right
 * typed error, the answer comes within the request's deadline, and the legacy calls the fault
 * caused are what the policy allows.
 */
export function describeFaultMatrix(
  title: string,
  taxBackend: 'sqlite' | 'mariadb',
  options: () => StackOptions,
): void {
  describe(title, () => {
    let stack: Stack;
    let healthy: GraphQLReply;
    beforeAll(async () => {
      stack = await startStack({ people: 20, requestTimeoutMs: REQUEST_TIMEOUT_MS, ...options() });
      healthy = (await timedCounterView(stack)).reply;
    }, 60_000);
    afterAll(() => stack?.close());

    it('has a healthy baseline with data from all seven legacy systems and no errors', () => {
      expect(healthy.body.errors).toBeUndefined();
      expect(valueAt(healthy.body.data, ['person', 'name'])).toBe('张伟');
      for (const path of Object.values(FIELDS_OF).flat()) {
        const value = valueAt(healthy.body.data, path);
        expect([path, value === null || (Array.isArray(value) && value.length === 0)]).toEqual([path, false]);
      }
    });

    it.each(expectations(taxBackend))(
      '%s, %s: the rest of the view intact, the right code, in time',
      async (system, fault, want) => {
        const mock = stack.mocks[system]!;
        stack.resetCounters();
        const before = await legacyAttempts();
        mock.controller.set(FAULTS[fault]);
        try {
          const { reply, ms } = await timedCounterView(stack);
          const paths = want.code ? (want.paths ?? FIELDS_OF[system]) : [];
          const extensions = {
            code: want.code,
            department: system,
            ...(want.retryAfter !== undefined ? { retryAfter: want.retryAfter } : {}),
          };
          expect({ status: reply.status, data: reply.body.data, errors: errorShapes(reply) }).toEqual({
            status: 200,
            data: nullAt(healthy.body.data, paths),
            errors: sortedShapes(paths.map((path) => ({ path, extensions }))),
          });
          expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + DEADLINE_MARGIN_MS);
          expect(delta(before, await legacyAttempts())[system]).toBe(want.attempts);
          // A refused connection never reaches the system; every other attempt does, once.
          expect(stack.legacyRequests()[system]).toBe(fault === 'connection refused' ? 0 : want.attempts);
        } finally {
          mock.controller.clear();
          await untilHealthy(stack, healthy);
        }
      },
    );
  });
}
