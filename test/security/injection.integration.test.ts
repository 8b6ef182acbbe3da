import { describeInjection } from './injection.cases';

const { REDIS_URL, DATABASE_URL, MARIADB_URL } = process.env;
if (!REDIS_URL || !DATABASE_URL || !MARIADB_URL)
  throw new Error(
    'the integration injection suite needs REDIS_URL, DATABASE_URL and MARIADB_URL (see .ci/run)',
  );

// The tax bureau on MariaDB behind its wire proxy, which records every statement's SQL text and bound parameters.
describeInjection('injection strings in arguments, on Redis, PostgreSQL and MariaDB', () => ({
  redisUrl: REDIS_URL,
  databaseUrl: DATABASE_URL,
  mariadbUrl: MARIADB_URL,
}));
