import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../errors.js';
import { parseSince } from './window.js';

const now = new Date('2026-03-15T12:00:00.000Z');

const accepted: { input: string; since: string }[] = [
  { input: '30d', since: '2026-02-13T12:00:00.000Z' },
  { input: '7d', since: '2026-03-08T12:00:00.000Z' },
  { input: '12h', since: '2026-03-15T00:00:00.000Z' },
  { input: '90m', since: '2026-03-15T10:30:00.000Z' },
  { input: '2w', since: '2026-03-01T12:00:00.000Z' },
  { input: ' 7D ', since: '2026-03-08T12:00:00.000Z' },
  { input: '2026-03-01', since: '2026-03-01T00:00:00.000Z' },
  { input: '2026-03-01T08:30:00Z', since: '2026-03-01T08:30:00.000Z' },
  { input: '2026-03-01T08:30:00+02:00', since: '2026-03-01T06:30:00.000Z' },
  { input: '2026-03-15T12:00:00Z', since: '2026-03-15T12:00:00.000Z' },
];

for (const c of accepted) {
  test(`--since ${JSON.stringify(c.input)} starts at ${c.since} and ends now`, () => {
    const window = parseSince(c.input, now);
    assert.equal(window.since.toISOString(), c.since);
    assert.equal(window.until.toISOString(), now.toISOString());
  });
}

const refused: { input: string; why: RegExp }[] = [
  { input: '30', why: /not a duration or date/ },
  { input: '0d', why: /more than zero/ },
  { input: '-3d', why: /not a duration or date/ },
  { input: '3y', why: /not a duration or date/ },
  { input: 'yesterday', why: /not a duration or date/ },
  { input: '2026-02-31', why: /not a duration or date/ },
  { input: '2026-03-01T08:30:00', why: /not a duration or date/ },
  { input: '2026-04-01', why: /after now/ },
];

for (const c of refused) {
  test(`--since ${JSON.stringify(c.input)} is a one-line usage error`, () => {
    assert.throws(
      () => parseSince(c.input, now),
      (error: unknown) =>
        error instanceof UsageError &&
        c.why.test(error.message) &&
        error.message.startsWith(`--since ${c.input}:`) &&
        error.message.includes('30d') &&
        !error.message.includes('\n'),
    );
  });
}
