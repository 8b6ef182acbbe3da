/**
 * Two projects: `unit` runs everywhere on embedded defaults (npm test on a laptop);
 * `integration` holds the suites against real Redis / PostgreSQL / MariaDB and only
 * runs when .ci/run (or you) set REDIS_URL, DATABASE_URL and MARIADB_URL.
 */
// Type errors are tsc's job (npm run lint); ts-jest only transpiles, file by file, which is fast.
const tsJest = ['ts-jest', { diagnostics: false }];
const base = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': tsJest,
    // jose 6 ships only ES modules; Node 20 requires them natively, Jest's CommonJS runtime does not.
    '/node_modules/jose/.+\\.js$': ['ts-jest', { diagnostics: false, tsconfig: { allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
const realServers = Boolean(process.env.REDIS_URL || process.env.DATABASE_URL || process.env.MARIADB_URL);
module.exports = {
  testTimeout: 30_000,
  // Test files run in a worker that is replaced once its heap outgrows this, rather than in one
  // process whose heap grows file after file (a big heap means long GC pauses, and the fault
  // suites' timeouts must not mistake a paused test process for a department that did not answer).
  workerIdleMemoryLimit: '1GB',
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/**/*.test.ts'],
      testPathIgnorePatterns: [...base.testPathIgnorePatterns, '\\.integration\\.test\\.ts$'],
    },
    ...(realServers
      ? [{ ...base, displayName: 'integration', testMatch: ['<rootDir>/**/*.integration.test.ts'] }]
      : []),
  ],
};
