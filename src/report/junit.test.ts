import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderJunit } from './junit.js';
import { driftedResult, fixtureOptions, goodResult } from '../../test/fixtures/audit/fixtures.js';

const options = fixtureOptions();

function attrs(xml: string, element: string): Record<string, string>[] {
  return [...xml.matchAll(new RegExp(`<${element}\\b([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  );
}

test('one test case per check and subject; totals match the summary', () => {
  const result = driftedResult();
  const xml = renderJunit(result, options);
  const [total] = attrs(xml, 'testsuites');
  assert.equal(Number(total!['tests']), result.findings.length);
  assert.equal(Number(total!['failures']), result.summary.fail);
  assert.equal(Number(total!['errors']), result.summary.error);
  assert.equal(Number(total!['skipped']), result.summary.skip);
  assert.equal(attrs(xml, 'testcase').length, result.findings.length);
  assert.equal(attrs(xml, 'testsuite').length, new Set(result.findings.map((f) => f.checkId)).size);
  assert.equal(attrs(xml, 'failure').length, result.summary.fail);
  assert.equal(attrs(xml, 'error').length, result.summary.error);
  assert.equal((xml.match(/<skipped message="not collected: /g) ?? []).length, 2);
});

test('warnings pass with a note by default and fail when configured', () => {
  const result = driftedResult();
  const lenient = renderJunit(result, options);
  assert.match(lenient, /<system-out>warning: EmergencyAccount_1 has Microsoft Authenticator/);
  const strict = renderJunit(result, { ...options, warnAsFailure: true });
  assert.equal(
    Number(attrs(strict, 'testsuites')[0]!['failures']),
    result.summary.fail + result.summary.warn,
  );
  assert.match(
    strict,
    /<failure message="EmergencyAccount_1 has Microsoft Authenticator[^"]*" type="warning">/,
  );
});

test('a good result has no failure, and the document is balanced XML with escaped text', () => {
  const good = renderJunit(goodResult(), options);
  assert.equal(attrs(good, 'testsuites')[0]!['failures'], '0');
  const xml = renderJunit(driftedResult(), options);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
  assert.ok(!xml.includes('<script'));
  // Every opened element is closed in order.
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-z-]+)\b[^>]*?(\/?)>/g)) {
    if (m[3]) continue;
    if (m[1]) assert.equal(stack.pop(), m[2]);
    else stack.push(m[2]!);
  }
  assert.deepEqual(stack, []);
});
