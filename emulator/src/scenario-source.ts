/**
 * Where `--scenario NAME` tenants come from: `emulator/src/scenarios/index.ts`, which exports
 * `scenarios: Record<string, () => TenantDocument>`. Loaded lazily (the large scenario is big),
 * and with a minimal stand-in while that module does not exist yet.
 */
import type { TenantDocument } from './tenant/schema.js';
import { minimalTenant } from './tenant/minimal.js';

/** A scenario name that does not exist; one line. */
export class UnknownScenarioError extends Error {
  override readonly name = 'UnknownScenarioError';
  readonly userFacing = true;
}

type ScenarioTable = Record<string, () => TenantDocument>;

async function loadTable(): Promise<ScenarioTable | undefined> {
  // A computed specifier keeps the compiler from requiring the module before it is written.
  const specifier = new URL('./scenarios/index.js', import.meta.url).href;
  try {
    const mod = (await import(specifier)) as { scenarios?: ScenarioTable };
    return mod.scenarios;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' &&
      String((err as Error).message).includes('scenarios')
    )
      return undefined;
    throw err;
  }
}

/** Names of the available scenarios. */
export async function scenarioNames(): Promise<string[]> {
  const table = await loadTable();
  return table ? Object.keys(table) : ['minimal'];
}

/** The tenant document of a scenario. */
export async function scenarioTenant(name: string, seed: number): Promise<TenantDocument> {
  const table = await loadTable();
  if (!table) {
    if (name === 'minimal') return minimalTenant(seed);
    throw new UnknownScenarioError(`unknown scenario "${name}" (this build has only: minimal)`);
  }
  const make = table[name] ?? (name === 'minimal' ? () => minimalTenant(seed) : undefined);
  if (!make)
    throw new UnknownScenarioError(`unknown scenario "${name}" (known: ${Object.keys(table).join(', ')})`);
  return make();
}
