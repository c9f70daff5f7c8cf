/** The process settings the service image gives every process (docker/Dockerfile), which the soak starts the API with. */
export const IMAGE_PROCESS_SETTINGS = ['NODE_OPTIONS', 'MALLOC_ARENA_MAX'] as const;

/**
 * The values of IMAGE_PROCESS_SETTINGS set by `ENV` in the last stage of a Dockerfile (the runtime image),
 * so the soak measures the API as it is deployed and the settings are written in one place. Handles
 * `ENV A=1 B="x y"` and continuation lines; a setting not set there is absent.
 */
export function imageProcessSettings(dockerfile: string): Record<string, string> {
  const lines = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const last = lines.map((l) => /^\s*FROM\s/i.test(l)).lastIndexOf(true);
  const found: Record<string, string> = {};
  for (const l of lines.slice(last + 1)) {
    const env = /^\s*ENV\s+(.*)$/i.exec(l);
    if (!env) continue;
    for (const [, name, quoted, bare] of env[1].matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S*))/g))
      if ((IMAGE_PROCESS_SETTINGS as readonly string[]).includes(name)) found[name] = quoted ?? bare;
  }
  return found;
}
