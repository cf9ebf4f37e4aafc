/**
 * The order changes are applied in: plan order, except that a change waits for the changes it
 * depends on (a stable topological sort — reviewers see the same order every time).
 */
import type { Change } from '../plan/types.js';

export function applyOrder(changes: Change[]): Change[] {
  const pending = changes.filter((c) => c.action !== 'no-op' && c.action !== 'manual');
  const addresses = new Set(pending.map((c) => c.address));
  const done = new Set<string>();
  const ordered: Change[] = [];
  while (ordered.length < pending.length) {
    const next = pending.find(
      (c) => !done.has(c.address) && c.dependsOn.every((d) => done.has(d) || !addresses.has(d)),
    );
    if (!next) {
      const stuck = pending.filter((c) => !done.has(c.address)).map((c) => c.address);
      throw new Error(`internal: the plan's dependencies form a cycle among ${stuck.join(', ')}`);
    }
    ordered.push(next);
    done.add(next.address);
  }
  return ordered;
}
