import { userPath } from './user-path.helper';
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { printServedSchema } from '../common/schema-printer.helper';
import { AppConfig } from '../config/app.config';
import { loadEnv } from '../config/env.schema';

/** npm run schema:write — regenerates graphql/schema.graphql from the code-first schema. */
async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'schema-'));
  try {
    const env = loadEnv({
      ...process.env,
      DB_TYPE: 'sqlite',
      DB_PATH: join(dir, 'schema.sqlite'),
      ROSTER_AUTOLOAD: 'off',
      NODE_ENV: 'test',
      WORKERS: 'off',
    });
    const app = await NestFactory.create(AppModule.forRoot(AppConfig.load(env)), { logger: ['error'] });
    await app.init();
    const target = process.argv[2] ? userPath(process.argv[2]) : resolve('graphql/schema.graphql');
    writeFileSync(target, printServedSchema(app));
    await app.close();
    console.log(`wrote ${target}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
