/**
 * The benchmark tenants have the sizes benchmarks.md names, build fast, and nest the break-glass
 * group inside the exclusion groups so that every exclusion has to be resolved transitively.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { TenantDocument } from './document.js';
import { findProblems } from './integrity.js';
import { large } from './large.js';
import { small } from './small.js';

/** Ids of every group that contains `groupId`, directly or through other groups. */
function containersOf(doc: TenantDocument, groupId: string): Set<string> {
  const parents = new Map<string, string[]>();
  for (const g of doc.graph.groups) {
    for (const m of g.members) {
      const list = parents.get(m) ?? [];
      list.push(g.id);
      parents.set(m, list);
    }
  }
  const out = new Set<string>();
  const queue = [groupId];
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) {
    for (const p of parents.get(next) ?? []) {
      if (out.has(p)) continue;
      out.add(p);
      queue.push(p);
    }
  }
  return out;
}

function excludesBreakGlassTransitively(doc: TenantDocument): void {
  const bg = doc.graph.groups.find((g) => g.displayName === 'CA-Persona-BreakGlassAccounts')!;
  const excluding = new Set([bg.id, ...containersOf(doc, bg.id)]);
  let nested = 0;
  for (const p of doc.graph.conditionalAccessPolicies) {
    const u = p.conditions.users!;
    if (p.conditions.clientApplications !== null || u.includeGroups.includes(bg.id)) continue;
    const via = u.excludeGroups.filter((id) => excluding.has(id));
    assert.ok(via.length > 0, `${p.displayName} does not exclude the break-glass group`);
    if (!via.includes(bg.id)) nested++;
  }
  assert.ok(nested > 0, 'no policy relies on a nested exclusion');
}

const hash = (doc: TenantDocument) => createHash('sha256').update(JSON.stringify(doc)).digest('hex');

test('large: 195 policies, 50,000 users, 5,000 groups, built in well under the time budget, deterministic', () => {
  const started = performance.now();
  const doc = large();
  const elapsed = performance.now() - started;
  // The budget is ~2 s on an idle machine; shared CI machines are noisy, so only catch blow-ups.
  assert.ok(elapsed < 8000, `took ${elapsed.toFixed(0)} ms`);
  assert.equal(doc.graph.conditionalAccessPolicies.length, 195);
  assert.equal(doc.graph.users.length, 50_000);
  assert.equal(doc.graph.groups.length, 5_000);
  assert.equal(
    doc.graph.groups.find((g) => g.displayName === 'CA-Persona-BreakGlassAccounts')!.members.length,
    4,
  );
  assert.deepEqual(findProblems(doc), []);
  excludesBreakGlassTransitively(doc);
  assert.equal(hash(doc), hash(large()));
});

test('small: 20 policies, 500 users, 50 groups, consistent, nested exclusions', () => {
  const doc = small();
  assert.deepEqual(
    [doc.graph.conditionalAccessPolicies.length, doc.graph.users.length, doc.graph.groups.length],
    [20, 500, 50],
  );
  assert.deepEqual(findProblems(doc), []);
  excludesBreakGlassTransitively(doc);
});
