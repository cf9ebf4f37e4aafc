/**
 * Reading a live tenant (or the emulator) for `audit`, `export` and `kql`: connect, collect the
 * snapshot as of the tenant's clock, and optionally cross-check with What If. Kept apart from the
 * commands so that `import('./live-tenant.js')` is the one place the client stack comes in: an
 * offline audit of a snapshot file never loads it.
 */
import type { BreakglassConfig } from '../config/schema.js';
import type { SkipReason, WhatIfCheck } from '../checks/types.js';
import type { Connection } from '../clients/connection.js';
import type { Snapshot } from '../snapshot/schema.js';
import { collectSnapshot } from '../collect/collect.js';
import { graphClient } from '../clients/graph.js';
import { tenantNow } from '../review/tenant.js';
import { crossCheckAudit } from '../whatif/index.js';
import { withConnection, type ConnectionFlags } from './connection.js';

/** A tenant read over a connection, with what could not be read and the What If cross-check. */
export interface LiveTenant {
  snapshot: Snapshot;
  collectionErrors: Record<string, { reason: SkipReason; detail: string }>;
  /** `whatif: true`: the What If cross-check per account, made over the same connection. */
  whatIf?: WhatIfCheck[];
}

/**
 * An embedded emulator is a tenant made up for this one run, so no state store can hold its drills;
 * its scenario carries them instead (the records its operator would have), and they are used as a
 * state store's would be. Any other tenant's drills come only from the state store.
 */
async function withEmbeddedScenarioDrills(connection: Connection, snapshot: Snapshot): Promise<Snapshot> {
  if (connection.mode !== 'embedded' || !connection.emulator) return snapshot;
  const seeded = (await connection.emulator.control.snapshot(connection.tenantId)) as { drills?: unknown };
  return Array.isArray(seeded.drills)
    ? { ...snapshot, drills: seeded.drills as Snapshot['drills'] }
    : snapshot;
}

/** Connects as the flags and config say, collects the tenant and closes the connection. */
export function loadLiveTenant(
  flags: ConnectionFlags & { whatif?: boolean },
  config: BreakglassConfig | undefined,
): Promise<LiveTenant> {
  return withConnection(flags, config, async (connection) => {
    // As of the tenant's own clock: an emulator's may have been moved forward (drills, alerts).
    const now = await tenantNow(connection);
    const collected = await collectSnapshot(connection, { ...(config ? { config } : {}), now });
    const loaded: LiveTenant = {
      snapshot: await withEmbeddedScenarioDrills(connection, collected.snapshot),
      collectionErrors: collected.collectionErrors,
    };
    if (flags.whatif)
      loaded.whatIf = await crossCheckAudit(graphClient(connection), collected.snapshot, config);
    return loaded;
  });
}
