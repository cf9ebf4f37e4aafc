/**
 * Where breakglass keeps what it can recompute: compiled library code and KQL analyses. Nothing in
 * it is a secret or state; deleting it only makes the next run slower.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where breakglass keeps caches: `BREAKGLASS_CACHE_DIR`, else `$XDG_CACHE_HOME/breakglass`, else
 * `~/.cache/breakglass`. `BREAKGLASS_CACHE_DIR=off` turns caching off (undefined).
 */
export function cacheDirectory(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const explicit = env['BREAKGLASS_CACHE_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit === 'off' ? undefined : explicit;
  const xdg = env['XDG_CACHE_HOME'];
  if (xdg) return join(xdg, 'breakglass');
  try {
    return join(homedir(), '.cache', 'breakglass');
  } catch {
    return undefined;
  }
}
