import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { defaultConfig } from '../../config/schema.js';
import { parseKql } from '../../kql/parse.js';
import { SIGNIN_LOGS } from '../../kql/schemas.js';
import { packageRoot } from '../../paths.js';
import { readSnapshotFile } from '../../snapshot/read.js';
import { alertQueryReports, renderQueryReports } from './kql.js';

const healthy = join(packageRoot(), 'test', 'fixtures', 'snapshots', 'healthy-small.json');

test('kql builds both alert queries from the tenant ids and both parse', async () => {
  const snapshot = await readSnapshotFile(healthy);
  const warnings: string[] = [];
  const reports = alertQueryReports(snapshot, defaultConfig(), (line) => warnings.push(line));
  assert.deepEqual(
    reports.map((r) => [r.rule, r.table, r.parsed.ok]),
    [
      ['alert-breakglass-signin', 'SigninLogs', true],
      ['alert-breakglass-changes', 'AuditLogs', true],
    ],
  );
  for (const user of snapshot.graph.users!.filter((u) =>
    u.userPrincipalName.startsWith('EmergencyAccount_'),
  )) {
    assert.ok(reports[0]!.query.includes(user.id.toLowerCase()), user.userPrincipalName);
  }
  assert.deepEqual(warnings, []);
  assert.match(renderQueryReports(reports), /\/\/ parse: ok .*\n\n\/\/ alert-breakglass-changes/);
});

test('an account that does not exist yet is left out with a warning', async () => {
  const snapshot = await readSnapshotFile(healthy);
  const config = defaultConfig();
  config.accounts.count = 3;
  const warnings: string[] = [];
  alertQueryReports(snapshot, config, (line) => warnings.push(line));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /^EmergencyAccount_3@.* does not exist yet/);
});

test("a query that does not parse is shown with the parser's messages", () => {
  const query = 'SigninLogs | where UserId == "x\u201C';
  const text = renderQueryReports([
    { rule: 'r', table: 'SigninLogs', query, parsed: parseKql(query, [SIGNIN_LOGS]) },
  ]);
  assert.match(text, /\/\/ parse: FAILED\n\/\/ {3}1:\d+ Missing: "/);
});
