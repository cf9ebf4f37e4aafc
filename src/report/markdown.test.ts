import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMarkdown } from './markdown.js';
import { reportOptions } from './options.js';
import {
  driftedResult,
  fixtureCatalogue,
  goodResult,
  HOSTILE_NAME,
  rebuild,
} from '../../test/fixtures/audit/fixtures.js';

const options = reportOptions({ checks: fixtureCatalogue() });

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
