import { describeSigkill } from './sigkill.cases';

const { REDIS_URL, DATABASE_URL, MARIADB_URL } = process.env;
if (!REDIS_URL || !DATABASE_URL || !MARIADB_URL)
  throw new Error('the integration suite needs REDIS_URL, DATABASE_URL and MARIADB_URL (see .ci/run)');

describeSigkill('a gateway process SIGKILLed under load, on PostgreSQL (with Redis and MariaDB)', () => ({
  redisUrl: REDIS_URL,
  databaseUrl: DATABASE_URL,
  mariadbUrl: MARIADB_URL,
}));
