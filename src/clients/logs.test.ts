/** The LogsQueryClient factory over a scripted transport (test/helpers/fake-transport.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { FAKE_BASE, fakeConnection } from '../../test/helpers/fake-transport.js';
import { logsQueryClient } from './logs.js';

test('queries go to {logAnalytics}/v1 with the Log Analytics scope, and a 500 on the read-only POST is retried', async () => {
  let calls = 0;
  const { connection, seen, credential } = fakeConnection(() =>
    ++calls === 1
      ? { status: 500, body: { error: { code: 'InternalServerError', message: 'x' } } }
      : {
          status: 200,
          body: { tables: [{ name: 'PrimaryResult', columns: [{ name: 'n', type: 'long' }], rows: [[3]] }] },
        },
  );
  const result = await logsQueryClient(connection).queryWorkspace('ws-id', 'SigninLogs | count', {
    duration: 'P1D',
  });
  assert.equal(result.status, LogsQueryResultStatus.Success);
  assert.equal(seen.length, 2);
  assert.equal(seen[1]?.url.split('?')[0], `${FAKE_BASE}/loganalytics/v1/workspaces/ws-id/query`);
  assert.deepEqual([...new Set(credential.scopes)], ['https://api.loganalytics.io/.default']);
});
