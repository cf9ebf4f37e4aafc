/**
 * The Log Analytics endpoint against Microsoft's own client: `@azure/identity` gets a token for
 * `https://api.loganalytics.io/.default` from the emulator, and `@azure/monitor-query-logs`'
 * `LogsQueryClient` runs a query and reads the typed result.
 *
 * The client uses an explicit `endpoint` as is (it appends `/v1` only to its default host), so the
 * emulator's endpoint is `base + '/loganalytics/v1'`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientSecretCredential } from '@azure/identity';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { ids, startMonitoringSetup, upn, type MonitoringSetup } from './monitoring-fixture.js';

describe('LogsQueryClient against the emulator', () => {
  let s: MonitoringSetup;
  let client: LogsQueryClient;
  let credential: ClientSecretCredential;
  before(async () => {
    s = await startMonitoringSetup({ ingestionDelaySeconds: 0 });
    const ca = s.t.emulator.caCertPem;
    credential = new ClientSecretCredential(s.t.tenantId, s.t.admin.clientId, s.t.admin.clientSecret ?? '', {
      authorityHost: s.t.emulator.url,
      disableInstanceDiscovery: true,
      tlsOptions: { ca },
    });
    client = new LogsQueryClient(credential, {
      endpoint: `${s.t.emulator.url}/loganalytics/v1`,
      credentials: { scopes: ['https://api.loganalytics.io/.default'] },
      tlsOptions: { ca },
      retryOptions: { maxRetries: 0 },
    });
    const signIn = await s.signIn({ user: ids.breakGlass, method: 'fido2', ipAddress: '198.51.100.7' });
    assert.equal(signIn.status, 201, signIn.text);
  });
  after(() => s.close());

  it('runs a query and returns typed rows', async () => {
    const result = await client.queryWorkspace(
      s.customerId,
      `SigninLogs | where UserId == "${ids.breakGlass}" | project TimeGenerated, UserPrincipalName, ResultType, Status`,
      { duration: 'PT1H' },
    );
    assert.equal(result.status, LogsQueryResultStatus.Success);
    if (result.status !== LogsQueryResultStatus.Success) return;
    const table = result.tables[0]!;
    assert.deepEqual(
      table.columnDescriptors.map((c) => [c.name, c.type]),
      [
        ['TimeGenerated', 'datetime'],
        ['UserPrincipalName', 'string'],
        ['ResultType', 'string'],
        ['Status', 'dynamic'],
      ],
    );
    assert.equal(table.rows.length, 1);
    const [time, principal, resultType, status] = table.rows[0]!;
    assert.ok(time instanceof Date, 'datetime columns arrive as Date');
    assert.equal(principal, upn.breakGlass);
    assert.equal(resultType, '0');
    assert.deepEqual(status, { errorCode: 0, failureReason: 'Other.', additionalDetails: null });
  });

  it('surfaces a refused query as the service error', async () => {
    await assert.rejects(
      client.queryWorkspace(s.customerId, 'SigninLogs | join (AuditLogs) on $left.Id == $right.Id', {
        duration: 'PT1H',
      }),
      (err: { statusCode?: number; code?: string; message?: string }) =>
        err.statusCode === 400 && err.code === 'BadArgumentError',
    );
  });

  it('needs the /v1 segment in an explicit endpoint', async () => {
    const withoutVersion = new LogsQueryClient(credential, {
      endpoint: `${s.t.emulator.url}/loganalytics`,
      tlsOptions: { ca: s.t.emulator.caCertPem },
      retryOptions: { maxRetries: 0 },
    });
    await assert.rejects(
      withoutVersion.queryWorkspace(s.customerId, 'SigninLogs', { duration: 'PT1H' }),
      (err: { statusCode?: number }) => err.statusCode === 404,
    );
  });
});
