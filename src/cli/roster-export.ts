import { userPath } from './user-path.helper';
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { parseDateTime } from '../common/date-time.scalar';
import { AppConfig } from '../config/app.config';
import { toolEnv } from './tool-env.helper';
import { RosterExportService } from '../roster-io/roster-export.service';

export interface ExportArgs {
  asOf: Date;
  out: string | null;
  jurisdiction: string | null;
}

const USAGE = 'usage: npm run roster:export [-- --as-of <date or instant>] [--out <file>] [--jurisdiction <code>]';

/** Reads the command line of roster:export; throws a message naming the bad argument. */
export function parseExportArgs(argv: string[], now = new Date()): ExportArgs {
  const args: ExportArgs = { asOf: now, out: null, jurisdiction: null };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--as-of':
        args.asOf = parseDateTime(value(), '--as-of');
        break;
      case '--out':
        args.out = value();
        break;
      case '--jurisdiction':
        args.jurisdiction = value();
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown argument ${JSON.stringify(argv[i])}\n${USAGE}`);
    }
  }
  return args;
}

/**
 * npm run roster:export [-- --as-of 2020-07-15] [--out file.yaml]: writes the roster of the
 * configured database (DB_TYPE, DB_PATH / DATABASE_URL) as it stood at an instant (now by default)
 * in the roster file format, to stdout or a file. Importing the file again changes nothing.
 */
async function main(): Promise<void> {
  let args: ExportArgs;
  try {
    args = parseExportArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  const env = toolEnv(process.env, { existing: true });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(AppConfig.load(env)), {
    logger: ['error', 'warn'],
  });
  try {
    const { yaml, roster } = await app.get(RosterExportService).export(args.asOf, args.jurisdiction);
    if (args.out) {
      writeFileSync(userPath(args.out), yaml);
      const seats = [roster.headquarters, ...roster.posts].reduce((n, b) => n + b.seats.length, 0);
      console.error(
        `Wrote ${userPath(args.out)}: ${roster.jurisdiction.code} as of ${args.asOf.toISOString()}, ${roster.posts.length + 1} command bodies, ${seats} seats`,
      );
    } else {
      process.stdout.write(yaml);
    }
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  });
}
