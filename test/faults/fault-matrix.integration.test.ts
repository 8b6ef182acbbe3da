// The policy is read once per test file, by the first legacy operation built: set it before the stack loads.
import { MATRIX_POLICY, legacyPolicy } from './policy';
process.env.LEGACY_POLICY = legacyPolicy(MATRIX_POLICY);
import { describeFaultMatrix } from './fault-matrix.cases';

const { REDIS_URL, DATABASE_URL, MARIADB_URL } = process.env;
if (!REDIS_URL || !DATABASE_URL || !MARIADB_URL)
  throw new Error('the integration fault suite needs REDIS_URL, DATABASE_URL and MARIADB_URL (see .ci/run)');

// The whole matrix, tax included: MariaDB behind the tax mock's wire proxy fails as a real database server does.
describeFaultMatrix(
  'the counter view with one legacy system failing (Redis, PostgreSQL, MariaDB)',
  'mariadb',
  () => ({
    redisUrl: REDIS_URL,
    databaseUrl: DATABASE_URL,
    mariadbUrl: MARIADB_URL,
  }),
);
