/** ISO 8601 durations and the query API's timespans, table-driven. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseTimespan } from './durations.js';

const now = new Date('2026-03-01T12:00:00Z');

describe('durations', () => {
  const cases: [string, number | undefined][] = [
    ['PT5M', 300_000],
    ['PT1H', 3_600_000],
    ['P1D', 86_400_000],
    ['P1DT12H', 129_600_000],
    ['PT30S', 30_000],
    ['P1W', 604_800_000],
    ['P', undefined],
    ['PT', undefined],
    ['5m', undefined],
  ];
  for (const [text, ms] of cases) it(`${text} → ${String(ms)}`, () => assert.equal(parseDuration(text), ms));

  const spans: [string, [string, string] | undefined][] = [
    ['P7D', ['2026-02-22T12:00:00.000Z', '2026-03-01T12:00:00.000Z']],
    ['2026-01-01T00:00:00Z/2026-01-02T00:00:00Z', ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z']],
    ['2026-01-01T00:00:00Z/PT1H', ['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z']],
    ['PT1H/2026-01-01T01:00:00Z', ['2026-01-01T00:00:00.000Z', '2026-01-01T01:00:00.000Z']],
    ['2026-01-02T00:00:00Z/2026-01-01T00:00:00Z', undefined],
    ['yesterday', undefined],
  ];
  for (const [text, range] of spans) {
    it(`timespan ${text}`, () => {
      const got = parseTimespan(text, now);
      assert.deepEqual(got && [got.start.toISOString(), got.end.toISOString()], range);
    });
  }
});
