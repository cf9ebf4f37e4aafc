/**
 * Monitoring end to end, in process: a simulated sign-in reaches SigninLogs after the ingestion
 * delay, the product's alert rule fires on its schedule, and the action group notifies the
 * webhook and the mailbox; directory changes reach AuditLogs; broken rules are reported.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  auditQuery,
  ids,
  ruleBody,
  ruleId,
  signInQuery,
  startMonitoringSetup,
  upn,
  type MonitoringSetup,
} from './monitoring-fixture.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- response bodies are read as JSON */

describe('a break-glass sign-in raises the alert', () => {
  let s: MonitoringSetup;
  before(async () => {
    s = await startMonitoringSetup();
  });
  after(() => s.close());

  it('runs the whole chain: sign-in, ingestion delay, rule schedule, webhook, mailbox, Azure Monitor alert', async () => {
    const signIn = await s.signIn({
      user: upn.breakGlass,
      method: 'fido2',
      ipAddress: '198.51.100.4',
      device: { registered: false, platform: 'windows' },
    });
    assert.equal(signIn.status, 201, signIn.text);
    assert.equal(signIn.body.decision, 'allowed');
    assert.equal(signIn.body.errorCode, 0);
    assert.equal(signIn.body.ingestion.length, 1, 'one workspace receives SignInLogs');

    // The Graph record is there at once; the Log Analytics row only after the delay (120 s).
    const graphToken = await s.t.token({ roles: ['AuditLog.Read.All', 'Directory.Read.All'] });
    const graph = await s.t.call('GET', `/graph/v1.0/auditLogs/signIns/${signIn.body.signInId}`, {
      token: graphToken,
    });
    assert.equal(graph.status, 200, graph.text);
    assert.equal(graph.body.userPrincipalName, upn.breakGlass);
    assert.equal(graph.body.status.errorCode, 0);
    assert.equal((await s.query('SigninLogs | count')).body.tables[0].rows[0][0], 0);

    await s.advance(121);
    const rows = await s.query(
      'SigninLogs | project UserPrincipalName, ResultType, IPAddress, AppDisplayName, ConditionalAccessStatus',
    );
    assert.deepEqual(rows.body.tables[0].rows, [
      [upn.breakGlass, '0', '198.51.100.4', 'Azure Portal', 'notApplied'],
    ]);
    assert.equal(s.webhook.received.length, 0, 'nothing fires before the rule runs');

    await s.advance(200); // past the rule's 5-minute evaluation
    assert.equal(s.webhook.received.length, 1);
    const payload = s.webhook.received[0] as any;
    assert.equal(payload.schemaId, 'azureMonitorCommonAlertSchema');
    assert.equal(payload.data.essentials.alertRule, 'breakglass-signin');
    assert.equal(payload.data.essentials.severity, 'Sev0');
    assert.equal(payload.data.essentials.monitorCondition, 'Fired');
    assert.equal(payload.data.alertContext.condition.allOf[0].metricValue, 1);

    const mail = await s.t.call('GET', '/_emulator/mailbox?to=IT-Security@contoso.com');
    assert.equal(mail.body.messages.length, 1);
    assert.match(
      mail.body.messages[0].subject,
      /^Fired:Sev0 Azure Monitor Alert breakglass-signin on log-breakglass/,
    );
    const sms = await s.t.call('GET', `/_emulator/mailbox?to=${encodeURIComponent('sms:+15555550100')}`);
    assert.equal(sms.body.messages.length, 1);

    const alerts = await s.t.call(
      'GET',
      `/arm/subscriptions/${ids.subscription}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-05-05-preview`,
      { token: s.armToken },
    );
    assert.equal(alerts.status, 200, alerts.text);
    assert.equal(alerts.body.value.length, 1);
    const essentials = alerts.body.value[0].properties.essentials;
    assert.equal(essentials.severity, 'Sev0');
    assert.equal(essentials.monitorCondition, 'Fired');
    assert.equal(essentials.alertRule, ruleId);
    assert.equal(essentials.targetResourceType, 'microsoft.operationalinsights/workspaces');
    assert.ok(Date.parse(essentials.startDateTime) > 0);

    // autoMitigate false: later quiet periods neither resolve it nor fire again.
    await s.advance(1200);
    const later = await s.t.call(
      'GET',
      `/arm/subscriptions/${ids.subscription}/providers/Microsoft.AlertsManagement/alerts?api-version=2019-05-05-preview&monitorCondition=Fired`,
      { token: s.armToken },
    );
    assert.equal(later.body.value.length, 1);
    assert.equal(s.webhook.received.length, 1);

    // Another user's sign-in (blocked by the MFA policy: password only) fires nothing.
    const alice = await s.signIn({ user: upn.alice, method: 'password' });
    assert.equal(alice.body.decision, 'blocked');
    assert.equal(alice.body.errorCode, 50074);
    await s.advance(900);
    assert.equal(s.webhook.received.length, 1);
    assert.equal(
      (await s.t.call('GET', '/_emulator/mailbox?to=it-security@contoso.com')).body.messages.length,
      1,
    );
    const failed = await s.query(
      `SigninLogs | where UserId == "${ids.alice}" | project ResultType, ConditionalAccessStatus`,
    );
    assert.deepEqual(failed.body.tables[0].rows, [['50074', 'failure']]);
  });
});

describe('directory changes reach AuditLogs', () => {
  let s: MonitoringSetup;
  before(async () => {
    s = await startMonitoringSetup({ ingestionDelaySeconds: 60 });
  });
  after(() => s.close());

  it('a Conditional Access policy change and a user update match the product audit query after the delay', async () => {
    const token = await s.t.token();
    const patch = await s.t.call('PATCH', `/graph/v1.0/identity/conditionalAccess/policies/${ids.policy}`, {
      token,
      body: { state: 'enabledForReportingButNotEnforced' },
    });
    assert.equal(patch.status, 204, patch.text);
    const user = await s.t.call('PATCH', `/graph/v1.0/users/${ids.breakGlass}`, {
      token,
      body: { jobTitle: 'Emergency' },
    });
    assert.equal(user.status, 204, user.text);
    assert.equal((await s.query(auditQuery)).body.tables[0].rows.length, 0, 'not ingested yet');

    await s.advance(61);
    const result = await s.query(auditQuery);
    const byOperation = new Map(result.body.tables[0].rows.map((r: unknown[]) => [r[1], r]));
    assert.deepEqual([...byOperation.keys()].sort(), ['Update conditional access policy', 'Update user']);
    const policyRow = byOperation.get('Update conditional access policy') as unknown[];
    assert.equal(policyRow[4], ids.policy);
    assert.equal(policyRow[3], 'breakglass emulator admin', 'the actor is the calling app');
  });
});

describe('rules that cannot run and queries that are refused', () => {
  let s: MonitoringSetup;
  before(async () => {
    s = await startMonitoringSetup({ ingestionDelaySeconds: 0 });
  });
  after(() => s.close());

  it('a rule whose query does not parse records an error and fires nothing', async () => {
    const guideQuery = `SigninLogs\n| project UserId\n| where UserId == "${ids.breakGlass}\u201C`;
    // Azure refuses such a rule unless it is written with skipQueryValidation.
    await s.put(ruleId, '2023-12-01', ruleBody(guideQuery, { skipQueryValidation: true }));
    await s.signIn({ user: ids.breakGlass, method: 'fido2' });
    await s.advance(400);
    assert.equal(s.webhook.received.length, 0);
    const errors = await s.t.call('GET', '/_emulator/alerts/errors');
    const error = errors.body.errors.find((e: any) => e.ruleId === ruleId);
    assert.ok(error, JSON.stringify(errors.body));
    assert.equal(error.kind, 'syntax');
    assert.match(error.message, /Missing: "/);
  });

  it('the query API refuses an operator the interpreter does not implement, naming it', async () => {
    const res = await s.query('SigninLogs | join (AuditLogs) on $left.Id == $right.Id');
    assert.equal(res.status, 400, res.text);
    assert.equal(res.body.error.code, 'BadArgumentError');
    assert.equal(res.body.error.innererror.code, 'SemanticError');
    assert.match(res.body.error.innererror.innererror.message, /'join' operator is not supported/);
  });

  it('the query API refuses the guide query as a syntax error', async () => {
    const res = await s.query(`SigninLogs | project UserId | where UserId == "${ids.breakGlass}\u201C`);
    assert.equal(res.status, 400);
    assert.equal(res.body.error.innererror.code, 'SyntaxError');
    assert.equal(res.body.error.innererror.innererror.line, 1);
  });

  it('the query API needs read access on the workspace', async () => {
    const token = await s.t.token({ roles: [], resource: 'logAnalytics' });
    const res = await s.t.call('POST', `/loganalytics/v1/workspaces/${s.customerId}/query`, {
      token,
      body: { query: 'SigninLogs' },
    });
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'InsufficientAccessError');
  });
});

describe('a stateful rule (autoMitigate true)', () => {
  let s: MonitoringSetup;
  before(async () => {
    s = await startMonitoringSetup({ ingestionDelaySeconds: 0 });
  });
  after(() => s.close());

  it('fires once, then resolves when a window is quiet, notifying both', async () => {
    await s.put(ruleId, '2023-12-01', ruleBody(signInQuery, { autoMitigate: true }));
    await s.signIn({ user: upn.breakGlass, method: 'fido2' });
    await s.advance(301);
    const fired = await s.t.call('GET', '/_emulator/alerts');
    assert.deepEqual(
      fired.body.value.map((a: any) => a.properties.essentials.monitorCondition),
      ['Fired'],
    );
    await s.advance(300);
    const resolved = await s.t.call('GET', '/_emulator/alerts');
    assert.deepEqual(
      resolved.body.value.map((a: any) => a.properties.essentials.monitorCondition),
      ['Resolved'],
    );
    assert.deepEqual(
      s.webhook.received.map((p: any) => p.data.essentials.monitorCondition),
      ['Fired', 'Resolved'],
    );
  });
});
