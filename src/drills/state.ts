/**
 * Where the drills are kept: the SQLite state store (`--state PATH`, default
 * `.breakglass/state.db` in the working directory). Reading commands never create it — a missing
 * store means "no drills recorded", which the review and the audit report as such.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { DEFAULT_STATE_PATH, StateStore, type DrillRecord } from '../state/store.js';

/** How a command names its state store. */
export interface StateLocation {
  /** `--state`, as given; undefined = the default path. */
  path?: string;
  cwd: string;
}

/** The absolute path of the state store. */
export function statePath(location: StateLocation): string {
  return resolve(location.cwd, location.path ?? DEFAULT_STATE_PATH);
}

/**
 * Opens the state store. `create` makes it (and its directory) when missing; otherwise a missing
 * store gives undefined when the path is the default, and a usage error when `--state` named it.
 */
export function openStateStore(
  location: StateLocation,
  options: { create: boolean },
): StateStore | undefined {
  const path = statePath(location);
  if (!options.create && !existsSync(path)) {
    if (location.path !== undefined) throw new UsageError(`--state ${location.path}: no state store there`);
    return undefined;
  }
  try {
    return new StateStore(path);
  } catch (error) {
    throw new UsageError(
      `cannot open the state store ${location.path ?? DEFAULT_STATE_PATH}: ${(error as Error).message}`,
    );
  }
}

/** Runs `work` with the store open (or undefined), and closes it. */
export async function withStateStore<T>(
  location: StateLocation,
  options: { create: boolean },
  work: (store: StateStore | undefined) => Promise<T>,
): Promise<T> {
  const store = openStateStore(location, options);
  try {
    return await work(store);
  } finally {
    store?.close();
  }
}

/** A tenant's drills; tenant ids are stored lowercase, so any spelling finds them. */
export function tenantDrills(store: StateStore, tenantId: string): DrillRecord[] {
  return store.drills(tenantId.toLowerCase());
}
