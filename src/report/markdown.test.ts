import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './markdown.js';
import {
  driftedResult,
  fixtureOptions,
  goodResult,
  HOSTILE_NAME,
  rebuild,
  whatIfChecks,
} from '../../test/fixtures/audit/fixtures.js';

const options = fixtureOptions();

test('a good result has a green headline and an area table with every area', () => {
  const text = renderMarkdown(goodResult(), options);
  assert.match(text, /^## ✅ breakglass audit: Contoso\n/);
  for (const area of ['Accounts', 'Group', 'Conditional Access', 'Monitoring', 'Operations']) {
    assert.match(text, new RegExp(`^\\| ${area} \\| ✅ pass \\|`, 'm'));
  }
  assert.doesNotMatch(text, /### What is broken/);
});

test('a drifted result lists what is broken with its fix and collapses the details', () => {
  const text = renderMarkdown(driftedResult(), options);
  assert.match(text, /^## ❌ breakglass audit/);
  assert.match(text, /\*\*6 findings fail the run\*\* \(5 critical, 1 high\)/);
  assert.match(
    text,
    /\| ❌ fail \| \*\*critical\*\* \| Accounts \| EA-ACC-007 \| .* \| Issue a Temporary Access Pass/,
  );
  assert.match(text, /<details><summary>All findings \(40\)<\/summary>[\s\S]*<\/details>/);
  assert.match(text, /\| EmergencyAccount\\_2@contoso\.onmicrosoft\.com \| ⛔ blocked \|/);
});

test('a hostile policy name neither opens a tag nor breaks the table', () => {
  const text = renderMarkdown(driftedResult(), options);
  assert.ok(!text.includes('<script'));
  assert.ok(!text.includes('<img'));
  const rows = text.split('\n').filter((line) => line.includes('EA-CA-003') && line.startsWith('| ❌'));
  assert.equal(rows.length, 1);
  // Six cells → seven unescaped pipes, whatever the name holds.
  assert.equal(rows[0]!.match(/(?<!\\)\|/g)!.length, 7);
  assert.ok(HOSTILE_NAME.includes('|'));
});

test('it warns when the accounts came from the group', () => {
  assert.match(
    renderMarkdown(rebuild(goodResult(), { accountSource: 'group' }), options),
    /> \[!WARNING\]\n> No breakglass\.yaml/,
  );
});

test('the What If cross-check: a row per account, a row per disagreement with both sides, escaped', () => {
  assert.doesNotMatch(renderMarkdown(goodResult(), options), /What If/);
  const text = renderMarkdown(rebuild(goodResult(), { whatIf: whatIfChecks() }), options);
  assert.match(text, /^### Cross-check with Graph's What If API$/m);
  assert.match(
    text,
    /^\| EmergencyAccount\\_1@contoso\.onmicrosoft\.com \| ✅ agrees \| 4\/4 policies agree \| `203\.0\.113\.250` \|$/m,
  );
  assert.match(
    text,
    /^\| EmergencyAccount\\_2@contoso\.onmicrosoft\.com \| ⚠️ disagrees \| 3\/4 policies agree \|/m,
  );
  const rows = text.split('\n').filter((line) => line.includes('**does not apply**'));
  assert.equal(rows.length, 1, 'one row per disagreement');
  const row = rows[0]!;
  assert.ok(!row.includes('<script') && !row.includes('<img'));
  // Four cells → five unescaped pipes, whatever the policy name holds.
  assert.equal(row.match(/(?<!\\)\|/g)!.length, 5);
  assert.match(row, /^\| EmergencyAccount\\_2@\S+ \| &lt;script&gt;/);
  assert.match(
    row,
    /\| \*\*applies\*\*: block: Includes the account through All users; .* \| \*\*does not apply\*\*: location \|$/,
  );
  assert.match(
    renderMarkdown(rebuild(goodResult(), { whatIf: [] }), options),
    /_Nothing compared: no account or no policies were read\._/,
  );
});
