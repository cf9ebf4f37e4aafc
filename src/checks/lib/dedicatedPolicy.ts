/** The dedicated break-glass Conditional Access policy, as the config names it. */
import type { ConditionalAccessPolicy } from '../../snapshot/schema.js';
import type { AuditContext } from '../types.js';
import { key } from './ids.js';

/** The policy whose display name is the configured one (case-insensitive); undefined under `exclude-all` or when absent. */
export function findDedicatedPolicy(context: AuditContext): ConditionalAccessPolicy | undefined {
  if (context.model === 'exclude-all') return undefined;
  const wanted = key(context.config.policy.displayName);
  return context.snapshot.graph.conditionalAccessPolicies?.find(
    (policy) => key(policy.displayName) === wanted,
  );
}
