import { userPath } from './user-path.helper';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app.config';
import { toolEnv } from './tool-env.helper';
import { readRosterFile } from '../roster-io/roster-file.schema';
import { RosterImportService } from '../roster-io/roster-import.service';

/**
 * npm run roster:import -- <file>: validates a roster file and loads it into the configured
 * database (DB_TYPE, DB_PATH / DATABASE_URL). Validation errors name the file, line and field.
 * When the jurisdiction is loaded already, the differences are recorded as dated changes,
 * effective on the file's document date under its document reference.
 */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run roster:import -- <roster.yaml>');
    process.exit(2);
  }
  const roster = readRosterFile(userPath(file));
  const env = toolEnv(process.env);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(AppConfig.load(env)), {
    logger: ['error', 'warn'],
  });
  try {
    const summary = await app.get(RosterImportService).importRoster(roster);
    if (summary.mode === 'changes') {
      const changes = summary.changes ?? [];
      console.log(
        changes.length === 0
          ? `${summary.jurisdiction} already matches ${roster.document.ref}; nothing recorded`
          : `Recorded ${changes.length} change(s) to ${summary.jurisdiction}, effective ${roster.document.effectiveFrom} under ${roster.document.ref}:\n${changes.map((c) => `  - ${c}`).join('\n')}`,
      );
    } else {
      console.log(
        `Imported ${roster.document.ref} for ${summary.jurisdiction}: ${summary.bodies} command bodies, ${summary.seats} seats, ${summary.persons} persons, ${summary.positions} positions`,
      );
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
