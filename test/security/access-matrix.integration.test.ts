import { startStack, type Stack } from '../helpers/stack';
import { describeAccessMatrix } from './access-matrix.cases';

const { DATABASE_URL, REDIS_URL, MARIADB_URL } = process.env;
if (!DATABASE_URL) throw new Error('the integration access matrix needs DATABASE_URL (see .ci/run)');

// The audit trail and the service centre's case store on PostgreSQL; Redis and MariaDB when set.
let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    people: 20,
    databaseUrl: DATABASE_URL,
    redisUrl: REDIS_URL,
    mariadbUrl: MARIADB_URL,
  });
}, 60_000);
afterAll(() => stack?.close());

describeAccessMatrix('access control on PostgreSQL', () => stack);
