import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Paths the console never answers: the API and the pages the server renders itself. */
export const SERVER_PATHS = [
  '/graphql',
  '/health',
  '/ack',
  '/auth',
  '/assets',
  '/metrics',
  '/admin/queues',
  '/duty/calendar',
];

/**
 * The folder of the built console (index.html and assets/): CONSOLE_DIR when set, else dist/web
 * next to the compiled server (`npm run build` writes it there). Null when it has not been built.
 */
export function consoleDir(configured?: string): string | null {
  const candidates = configured
    ? [resolve(configured)]
    : [resolve(__dirname, '..', 'web'), resolve(__dirname, '..', '..', 'dist', 'web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

/**
 * Content-Security-Policy of the console: everything from this origin only (no CDN, works on an
 * intranet); inline styles for Ant Design's CSS-in-JS; never framed.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** The console's client-side routes; every other path is left to the server (API, /metrics, /admin/queues …). */
export const CONSOLE_ROUTES = ['/report', '/incidents', '/directory', '/roster', '/admin', '/duty'];

/** True when a GET for this path should be answered with the console's index.html (a client-side route). */
export function isConsoleRoute(path: string): boolean {
  if (SERVER_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return false;
  if (path === '/') return true;
  return CONSOLE_ROUTES.some((route) => path === route || path.startsWith(`${route}/`));
}
