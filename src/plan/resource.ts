import type { Change, ResourceKind } from './types.js';
import type { PlanContext } from './context.js';

/** One managed resource kind: a pure function from the planner's view to the changes it needs. */
export interface ResourcePlanner {
  kind: ResourceKind;
  plan(context: PlanContext): Change[];
}

/** A change that does nothing, kept in the plan so a review shows what is already right. */
export function noOp(address: string, kind: ResourceKind, reason: string, current: Change['before']): Change {
  return { address, kind, action: 'no-op', reason, before: current, after: current, dependsOn: [], spec: {} };
}
