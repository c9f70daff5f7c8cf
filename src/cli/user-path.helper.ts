import { resolve } from 'node:path';

/**
 * A path the user typed, resolved from the folder they stand in: npm runs scripts from the package root but
 * tells the original folder in INIT_CWD, so `npm run roster:export -- --out ../roster.yaml` means what it says.
 */
export function userPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.INIT_CWD ?? process.cwd(), path);
}
