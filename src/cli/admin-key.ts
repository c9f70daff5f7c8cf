import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module';
import { ApiKeyBootstrapService, FIRST_START_KEY_NAME } from '../auth/api-key-bootstrap.service';
import { AppConfig } from '../config/app.config';
import { toolEnv } from './tool-env.helper';

/**
 * npm run admin-key: the first-start admin key's secret was lost (it is printed once). Revokes the
 * "first-start admin" keys still active and prints the secret of a new one. Works on the configured
 * database (DB_TYPE, DB_PATH / DATABASE_URL), so only whoever runs the service can use it.
 */
async function main(): Promise<void> {
  const env = toolEnv(process.env, { existing: true });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(AppConfig.load(env)), {
    logger: ['error', 'warn'],
  });
  try {
    const { secret, revoked, file } = await app.get(ApiKeyBootstrapService).recover();
    console.log(
      `${revoked ? `Revoked ${revoked} "${FIRST_START_KEY_NAME}" key(s). ` : ''}New admin key "${FIRST_START_KEY_NAME}"; ` +
        `its secret is shown only now:\n${secret}\n(send "Authorization: Bearer <secret>")` +
        (file ? `\n${file} holds the new secret too.` : ''),
    );
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
