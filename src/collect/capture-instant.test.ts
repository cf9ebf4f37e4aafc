import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureInstant } from './collect.js';

const cases: { now: string; capturedAt: string }[] = [
  { now: '2026-11-27T19:33:13.000Z', capturedAt: '2026-11-27T19:33:13Z' },
  // A sign-in at 19:33:13.500 must not fall after the capture made at 19:33:13.501.
  { now: '2026-11-27T19:33:13.501Z', capturedAt: '2026-11-27T19:33:14Z' },
  { now: '2026-11-27T19:33:13.001Z', capturedAt: '2026-11-27T19:33:14Z' },
  { now: '2026-12-31T23:59:59.999Z', capturedAt: '2027-01-01T00:00:00Z' },
];

for (const c of cases) {
  test(`captureInstant(${c.now}) = ${c.capturedAt}`, () => {
    assert.equal(captureInstant(new Date(c.now)), c.capturedAt);
    assert.ok(new Date(captureInstant(new Date(c.now))) >= new Date(c.now));
  });
}
