import { loadConfig } from '../config/load.js';
import type { BreakglassConfig } from '../config/schema.js';
import { UsageError } from '../errors.js';

/** Loads breakglass.yaml for commands that change a tenant: they never act on defaults alone. */
export async function requireConfig(
  path: string | undefined,
): Promise<{ config: BreakglassConfig; file: string }> {
  const loaded = await loadConfig(path !== undefined ? { path } : {});
  if (!loaded)
    throw new UsageError(
      'no breakglass.yaml here: run `breakglass init` to write one, or pass --config FILE',
    );
  return { config: loaded.config, file: loaded.file };
}
