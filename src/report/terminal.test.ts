import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTerminal } from './terminal.js';
import {
  ACCOUNT_2,
  driftedResult,
  fixtureOptions,
  goodResult,
  rebuild,
  withFinding,
  whatIfChecks,
} from '../../test/fixtures/audit/fixtures.js';

const options = fixtureOptions();
const ESC = '\u001b';

test('a good result says PASS first and lists no problems', () => {
  const text = renderTerminal(goodResult(), options);
  assert.match(text.split('\n')[3]!, /✓ PASS\s+nothing at or above high fails/);
  assert.doesNotMatch(text, /What is broken/);
  assert.match(text, /27 checks passed/);
});

test('without colour there is no escape sequence; with colour there is', () => {
  assert.ok(!renderTerminal(driftedResult(), options).includes(ESC));
  assert.ok(renderTerminal(driftedResult(), { ...options, color: true }).includes(`${ESC}[31m`));
});

test('the summary lists what is broken worst first, grouped by area, before the details', () => {
  const text = renderTerminal(driftedResult(), options);
  const broken = text.indexOf('What is broken');
  const details = text.indexOf('\nDetails');
  assert.ok(broken > 0 && details > broken);
  const summary = text.slice(broken, details);
  // Areas in canonical order (ties on the worst severity), the critical fail before the low warning.
  assert.ok(summary.indexOf('Accounts') < summary.indexOf('Conditional Access'));
  assert.ok(summary.indexOf('Conditional Access') < summary.indexOf('Monitoring'));
  assert.ok(summary.indexOf('EA-ACC-007') < summary.indexOf('EA-ACC-009'));
  assert.ok(summary.indexOf('EA-MON-003') < summary.indexOf('EA-MON-002'), 'critical before medium');
  assert.match(summary, /EA-MON-002 .*\(does not fail the run\)/);
});

test('each failing finding shows its fix, preferring the finding’s own', () => {
  const text = renderTerminal(driftedResult(), options);
  assert.match(text, /Fix: Issue a Temporary Access Pass/);
  assert.match(text, /Fix: Set retentionInDays to 90 on log-signinlogs-prod-weu\./);
  assert.doesNotMatch(text, /Fix: Turn off security defaults/, 'no generic fix under an error');
});

test('the headline counts the findings at or above --fail-on', () => {
  const high = renderTerminal(driftedResult(), options);
  assert.match(high, /✗ FAIL\s+6 findings at or above high \(5 critical, 1 high\)/);
  const medium = renderTerminal(driftedResult(), { ...options, failOn: 'medium' });
  assert.match(medium, /7 findings at or above medium/);
});

test('it says when the accounts were found through the group', () => {
  const text = renderTerminal(rebuild(goodResult(), { accountSource: 'group' }), options);
  assert.match(
    text,
    /No breakglass\.yaml: the emergency accounts were taken from the members of the break-glass group/,
  );
  assert.doesNotMatch(renderTerminal(goodResult(), options), /No breakglass\.yaml/);
});

test('a blocked account names each blocking policy and why', () => {
  const text = renderTerminal(driftedResult(), options);
  assert.match(
    text,
    /✗ blocked\s+EmergencyAccount_2@contoso\.onmicrosoft\.com\n\s+by "CA000[^"]*": .*cannot be satisfied/,
  );
  assert.match(text, /report-only "CA003[^"]*" would block/);
});

test('escape sequences in tenant data cannot reach the terminal', () => {
  const result = withFinding('EA-ACC-007', ACCOUNT_2, {
    status: 'fail',
    message: `evil ${ESC}[2J${ESC}]0;pwned\u0007 name`,
  });
  const text = renderTerminal(result, options);
  assert.ok(!text.includes(ESC));
  assert.ok(!text.includes('\u0007'));
  assert.match(text, /evil \uFFFD\[2J\uFFFD\]0;pwned\uFFFD name/);
});

test('the What If cross-check names each disagreement with both sides and their reasons', () => {
  assert.doesNotMatch(renderTerminal(goodResult(), options), /What If/);
  const text = renderTerminal(rebuild(goodResult(), { whatIf: whatIfChecks() }), options);
  assert.match(text, /✓ agrees\s+EmergencyAccount_1@contoso\.onmicrosoft\.com\s+4\/4 policies agree\n/);
  assert.match(
    text,
    /! disagrees EmergencyAccount_2@contoso\.onmicrosoft\.com\s+3\/4 policies agree, 1 disagreement\n\s+"<script>[^\n]*": breakglass says applies \(block: Includes the account[^\n]*\)\n\s+What If says does not apply \(location\)\n/,
  );
});
