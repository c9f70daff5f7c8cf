import 'reflect-metadata';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { loadEnv } from '../config/env';
import { readRosterFile } from '../directory/roster-file';
import { RosterImportService } from '../directory/roster-import.service';

/**
 * npm run roster:import -- <file>: validates a roster file and loads it into the configured
 * database (DB_TYPE, DB_PATH / DATABASE_URL). Validation errors name the file, line and field.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run roster:import -- <roster.yaml>');
    process.exit(2);
  }
  const roster = readRosterFile(resolve(file));
  const env = loadEnv({ ...process.env, ROSTER_AUTOLOAD: 'off' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(AppConfig.load(env)), { logger: ['error', 'warn'] });
  try {
    const summary = await app.get(RosterImportService).importRoster(roster);
    console.log(
      `Imported ${roster.document.ref} for ${summary.jurisdiction}: ${summary.bodies} command bodies, ${summary.seats} seats, ${summary.persons} persons, ${summary.positions} positions`,
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
