import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeRequests, type LoggedRequest } from './request-log.js';

const get = (url: string): LoggedRequest => ({ method: 'GET', url, batchItems: [] });
const batch = (...items: string[]): LoggedRequest => ({
  method: 'POST',
  url: 'https://g/graph/v1.0/$batch',
  batchItems: items,
});

test('continuation pages are counted whether they go alone or inside a batch', () => {
  const summary = summarizeRequests([
    batch('/organization', '/identity/conditionalAccess/policies'),
    get('https://a/arm/subscriptions?api-version=2022-12-01'),
    get('https://a/arm/subscriptions?api-version=2022-12-01&$skipToken=abc'),
    batch('/identity/conditionalAccess/policies?$skiptoken=xyz'),
  ]);
  assert.deepEqual(summary, { requests: 4, batchItems: 3, pages: 2 });
});

test('first pages are not pages', () => {
  assert.equal(summarizeRequests([get('https://g/graph/v1.0/groups?$filter=x')]).pages, 0);
});
