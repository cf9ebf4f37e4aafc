/**
 * The `tenant` block of the audit result, read from the snapshot (organization, verified domains)
 * with the config as a fallback for what the snapshot lacks.
 */
import type { AuditResult } from '../checks/types.js';
import { initialDomain } from '../checks/lib/directory.js';
import type { BreakglassConfig } from '../config/schema.js';
import type { Snapshot } from '../snapshot/schema.js';

/** Tenant id, display name and initial domain; empty strings where neither source knows. */
export function tenantOf(snapshot: Snapshot, config?: BreakglassConfig): AuditResult['tenant'] {
  const organization = snapshot.graph.organization?.[0];
  return {
    id: organization?.id ?? config?.tenant.id ?? '',
    displayName: organization?.displayName ?? '',
    initialDomain: initialDomain(snapshot, config) ?? '',
  };
}
