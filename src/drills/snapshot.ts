/**
 * The drills of the state store in the audit's snapshot (`snapshot.drills`), where EA-OPS-001
 * (a verified drill in the interval) and EA-OPS-002 (every sign-in matches a drill) read them.
 */
import { snapshotDrill } from '../review/match.js';
import type { Drill, Snapshot } from '../snapshot/schema.js';
import type { DrillRecord } from '../state/store.js';
import { tenantDrills, withStateStore, type StateLocation } from './state.js';

/**
 * The snapshot with `drills` added: recorded drills of its tenant, merged with any the snapshot
 * already holds (an exported snapshot may carry its own; the same drill is not repeated).
 */
export function withDrills(snapshot: Snapshot, drills: readonly DrillRecord[]): Snapshot {
  const existing = snapshot.drills ?? [];
  const seen = new Set(existing.map(drillKey));
  const added = drills.map(snapshotDrill).filter((drill) => !seen.has(drillKey(drill)));
  return { ...snapshot, drills: [...existing, ...added] };
}

function drillKey(drill: Drill): string {
  return `${drill.accountId.toLowerCase()}|${Date.parse(drill.at)}`;
}

/** The tenant id a snapshot is of (its organization), lowercase; undefined when not collected. */
export function snapshotTenantId(snapshot: Snapshot): string | undefined {
  return snapshot.graph.organization?.[0]?.id?.toLowerCase();
}

/**
 * For `breakglass audit`: adds the state store's drills of the snapshot's tenant. The store is
 * `--state PATH`, else `.breakglass/state.db` when it exists; with neither, the snapshot is
 * returned unchanged (EA-OPS-001 then skips as not collected, unless the snapshot has drills).
 */
export async function addRecordedDrills(snapshot: Snapshot, location: StateLocation): Promise<Snapshot> {
  const tenantId = snapshotTenantId(snapshot);
  if (!tenantId) return snapshot;
  return withStateStore(location, { create: false }, async (store) =>
    store ? withDrills(snapshot, tenantDrills(store, tenantId)) : snapshot,
  );
}
