/**
 * A plan as a person reviews it, in the manner of `terraform plan`: one block per change that does
 * something, a marker per action, the reason, and the properties that change.
 */
import type { Action, Change, Json, Plan } from './types.js';

const marker: Record<Action, string> = { create: '+', update: '~', delete: '-', 'no-op': ' ', manual: '!' };
const verb: Record<Action, string> = {
  create: 'will be created',
  update: 'will be updated in place',
  delete: 'will be removed',
  'no-op': 'is up to date',
  manual: 'needs a manual fix',
};

/** Renders the plan as plain text; `colour` adds ANSI colours for a TTY. */
export function renderPlan(plan: Plan, options: { colour?: boolean; showNoOps?: boolean } = {}): string {
  const paint = (action: Action, text: string) => {
    if (!options.colour) return text;
    const code = { create: 32, update: 33, delete: 31, manual: 35, 'no-op': 2 }[action];
    return `\u001b[${code}m${text}\u001b[0m`;
  };
  const lines: string[] = [`breakglass plan for tenant ${plan.tenantId} (model: ${plan.model})`, ''];
  const shown = plan.changes.filter((c) => options.showNoOps || c.action !== 'no-op');
  for (const change of shown) {
    lines.push(paint(change.action, `${marker[change.action]} ${change.address} ${verb[change.action]}`));
    lines.push(`    # ${change.reason}`);
    lines.push(...diffLines(change).map((line) => `    ${line}`));
    lines.push('');
  }
  if (shown.length === 0) lines.push('No changes. The tenant matches the configuration.', '');
  for (const item of plan.deferred) lines.push(paint('manual', `… ${item.address} deferred: ${item.reason}`));
  if (plan.deferred.length) lines.push('');
  const s = plan.summary;
  lines.push(
    `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to remove, ${s.manual} manual, ${s['no-op']} unchanged.`,
  );
  return lines.join('\n') + '\n';
}

function diffLines(change: Change): string[] {
  if (change.action === 'no-op' || change.action === 'manual') return [];
  const before = flatten(change.before);
  const after = flatten(change.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.flatMap((key) => {
    const b = before[key];
    const a = after[key];
    if (b === a) return [];
    if (b === undefined) return [`+ ${key} = ${a}`];
    if (a === undefined) return [`- ${key} = ${b}`];
    return [`~ ${key}: ${b} -> ${a}`];
  });
}

/** Flattens to `a.b.c = value` pairs; arrays of scalars stay on one line. */
function flatten(value: Json, prefix = ''): Record<string, string> {
  if (value === null || typeof value !== 'object') return prefix ? { [prefix]: JSON.stringify(value) } : {};
  if (Array.isArray(value))
    return {
      [prefix]: `[${value.map((v) => (isRef(v) ? `(known after apply: ${v.$ref})` : JSON.stringify(v))).join(', ')}]`,
    };
  if (isRef(value)) return { [prefix]: `(known after apply: ${value.$ref})` };
  return Object.entries(value).reduce<Record<string, string>>(
    (acc, [key, v]) => Object.assign(acc, flatten(v, prefix ? `${prefix}.${key}` : key)),
    {},
  );
}

function isRef(value: Json): value is { $ref: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { $ref?: unknown }).$ref === 'string'
  );
}
