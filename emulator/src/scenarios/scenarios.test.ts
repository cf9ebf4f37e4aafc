/**
 * Properties every built-in scenario has: the same options give the same bytes, ids are unique,
 * every reference resolves inside the document, and the document loads with the emulator's own
 * tenant schema. (`large` has its own test file: it is expensive to build.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tenantDocumentSchema } from '../tenant/schema.js';
import { IdSpace } from './ids.js';
import { largeSpec } from './large.js';
import { defaultCaptureInstant, driftedMistakes, findProblems, scenarioNames, scenarios } from './index.js';

const cheap = scenarioNames.filter((n) => n !== 'large');

test('the registry holds the five scenarios', () => {
  assert.deepEqual([...scenarioNames].sort(), ['drifted', 'empty', 'healthy', 'large', 'small']);
});

for (const name of cheap) {
  const generate = scenarios[name]!;

  test(`${name}: two calls give the same document`, () => {
    assert.equal(JSON.stringify(generate()), JSON.stringify(generate()));
  });

  test(`${name}: ids are unique and every reference resolves`, () => {
    assert.deepEqual(findProblems(generate()), []);
  });

  test(`${name}: loads with the emulator's tenant schema`, () => {
    const result = tenantDocumentSchema.safeParse(generate());
    assert.ok(result.success, result.success ? '' : JSON.stringify(result.error.issues.slice(0, 3)));
  });

  test(`${name}: timestamps follow the capture instant, ids do not`, () => {
    const base = generate();
    const later = generate({ now: '2027-03-01T08:00:00Z' });
    assert.equal(base.capturedAt, new Date(defaultCaptureInstant).toISOString());
    assert.equal(later.capturedAt, '2027-03-01T08:00:00.000Z');
    assert.deepEqual(
      later.graph.users.map((u) => u.id),
      base.graph.users.map((u) => u.id),
    );
    // Every sign-in keeps its age relative to the capture instant.
    const age = (doc: typeof base) =>
      doc.graph.signIns.map((s) => Date.parse(doc.capturedAt) - Date.parse(String(s.createdDateTime)));
    assert.deepEqual(age(later), age(base));
  });

  test(`${name}: has one default admin app with Graph and ARM permissions`, () => {
    const doc = generate();
    const admin = doc.emulator.apps.find((a) => a.default);
    assert.ok(admin);
    assert.equal(doc.emulator.tenantId, doc.graph.organization[0]?.id);
    for (const role of [
      'Policy.Read.All',
      'Policy.ReadWrite.ConditionalAccess',
      'RoleManagement.ReadWrite.Directory',
      'UserAuthenticationMethod.ReadWrite.All',
      'AuditLog.Read.All',
    ]) {
      assert.ok(admin.graphRoles.includes(role), role);
    }
    const sub = String(doc.azure.subscriptions[0]?.subscriptionId);
    assert.deepEqual(admin.armRoles, [
      { role: 'Contributor', scope: `/subscriptions/${sub}` },
      { role: 'Contributor', scope: '/providers/Microsoft.aadiam' },
    ]);
  });
}

test('every scenario is a different tenant (they can be loaded side by side)', () => {
  const docs = cheap.map((n) => scenarios[n]!());
  const tenantIds = new Set(docs.map((d) => d.emulator.tenantId));
  const domains = new Set(
    docs.map(
      (d) =>
        (d.graph.organization[0]?.verifiedDomains as { name: string; isInitial: boolean }[]).find(
          (x) => x.isInitial,
        )?.name,
    ),
  );
  const clientIds = new Set(docs.flatMap((d) => d.emulator.apps.map((a) => a.clientId)));
  assert.equal(tenantIds.size, docs.length);
  assert.equal(domains.size, docs.length);
  assert.equal(
    clientIds.size,
    docs.reduce((n, d) => n + d.emulator.apps.length, 0),
  );
});

test('an invalid capture instant is refused', () => {
  assert.throws(() => scenarios.healthy!({ now: 'yesterday' }), /invalid scenario instant/);
});

/** A file of the repository, found from the package root (the emulator cannot use src/paths.ts). */
function repoFile(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (
      existsSync(pkg) &&
      (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'breakglass'
    ) {
      return join(dir, relative);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the breakglass package root');
    dir = parent;
  }
}

test('docs/scenarios.md states each tenant id and each drifted mistake', () => {
  const doc = readFileSync(repoFile('docs/scenarios.md'), 'utf8');
  for (const name of cheap)
    assert.ok(doc.includes(scenarios[name]!().emulator.tenantId), `${name}'s tenant id`);
  // large is expensive to build; its tenant id is a function of its key alone.
  assert.ok(doc.includes(new IdSpace(largeSpec.identity.key).tenantId), 'large’s tenant id');
  for (const m of driftedMistakes) assert.ok(doc.includes(`\`${m.key}\``), m.key);
});
