/**
 * What apply needs from the outside world, as narrow interfaces: the Graph calls it makes, a way
 * to re-read the tenant, the state store, and where secrets go. The CLI wires the real clients;
 * tests wire the same clients against the emulator.
 */
import type { Snapshot } from '../snapshot/schema.js';
import type { StateStore } from '../state/store.js';
import type { Custody } from '../secrets/vault.js';

/** The Graph operations apply uses. Failures throw `ApiError` (src/clients/errors.ts). */
export interface GraphPort {
  get<T = unknown>(path: string): Promise<T>;
  /** `idempotent`: the POST may be resent after a lost answer (its repeat is harmless, e.g. adding a member). */
  post<T = unknown>(path: string, body: unknown, options?: { idempotent?: boolean }): Promise<T>;
  patch(path: string, body: unknown): Promise<void>;
  /** The `@odata.id` of a directory object on this cloud's Graph (for `$ref` bodies). */
  directoryObjectUrl(id: string): string;
  delete(path: string): Promise<void>;
}

/** ARM writes apply makes: a PUT of a whole resource, waiting out a long-running operation. */
export interface ArmPort {
  put<T = unknown>(resourceId: string, apiVersion: string, body: unknown): Promise<T>;
}

export interface ApplyEnvironment {
  graph: GraphPort;
  /** Needed only when the plan has monitoring changes. */
  arm?: ArmPort;
  /** Reads the tenant as it is now (the collector). */
  collect(): Promise<Snapshot>;
  store: StateStore;
  /** Directory for passwords and Temporary Access Passes; required when the plan makes any. */
  secretsOut?: string;
  custody?: Custody;
  /** Clock, injectable for tests. */
  now(): Date;
  /** Progress lines for the user (never secrets). */
  log(line: string): void;
  /**
   * How long a re-run create looks for the object an interrupted run may have made before making
   * one (directory replication lag); default 6 s. Tests against the emulator shorten it.
   */
  settleMs?: number;
  /** Called after every write that succeeded — tests use it to check safety at every state. */
  afterWrite?(address: string): Promise<void>;
}
