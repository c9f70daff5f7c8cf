// The test databases are made by a helper in src/, so that unit specs next to the code use it too.
export {
  DEFAULT_TEST_DATABASE_URL,
  dropTestDatabase,
  openTestDatabase,
  testDatabaseEnv,
} from '../../src/database/test-database.fixture';
