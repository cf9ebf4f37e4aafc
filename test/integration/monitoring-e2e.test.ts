/**
 * Issue 5, Done-when 1 and 2, end to end over HTTPS: the full plan is applied to an empty tenant;
 * a sign-in of each emergency account makes the sign-in alert fire and reach both the webhook and
 * the mailbox, while a sign-in of any other user fires nothing; when the accounts change, re-applying
 * rewrites both alert queries; a diagnostic setting removed by hand is caught by the audit and
 * restored by the next apply.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import type { Connection } from '../../src/clients/connection.js';
import { aadiamDiagnosticSettings } from '../../src/clients/arm.js';
import { configSchema, type BreakglassConfig } from '../../src/config/schema.js';
import { declaredAccounts } from '../../src/config/accounts.js';
import { runAudit } from '../../src/audit/run.js';
import { StateStore } from '../../src/state/store.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import {
  applyInProcess,
  collect,
  enrolKeys,
  exportTenant,
  firstTenant,
  pendingChanges,
  planNow,
  startProvisioningEmulator,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();
const SIGNIN_RULE = 'alert-breakglass-signin';

interface Received {
  body: { data?: { essentials?: { alertRule?: string } } };
}

describe('monitoring, end to end on the emulator', { skip }, () => {
  let t: TestEmulator;
  let connection: Connection;
  let config: BreakglassConfig;
  let webhook: Server;
  const received: Received[] = [];
  const dir = tempDir('breakglass-monitoring-');
  let store: StateStore;
  let mailbox: string;

  const applyAll = async () => {
    const plan = await planNow(connection, config);
    await applyInProcess({ connection, config, plan, store, secretsOut: join(dir.path, 'secrets') });
    return plan;
  };
  const accounts = () =>
    declaredAccounts(config, config.tenant.initialDomain).map((a) => a.userPrincipalName!);
  const signInAlerts = () =>
    received.filter((r) => String(r.body.data?.essentials?.alertRule ?? '').endsWith(SIGNIN_RULE));
  const signInMails = async () =>
    (await t.control.mailbox(mailbox)).messages.filter((m) => m.subject.includes(SIGNIN_RULE));

  before(async () => {
    webhook = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString()));
      request.on('end', () => {
        received.push({ body: JSON.parse(text) as Received['body'] });
        response.writeHead(200).end();
      });
    });
    await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
    const port = (webhook.address() as { port: number }).port;
    t = await startProvisioningEmulator('empty');
    const { tenantId, initialDomain } = await firstTenant(t.control);
    mailbox = `soc@${initialDomain}`;
    config = configSchema.parse({
      tenant: { id: tenantId, initialDomain },
      monitoring: { actionGroup: { emails: [mailbox], webhooks: [`http://127.0.0.1:${port}/breakglass`] } },
    });
    connection = await t.connect({ tenantId });
    store = new StateStore(join(dir.path, 'state.db'));
    await applyAll();
    for (const upn of accounts()) await enrolKeys(t, tenantId, upn);
    await applyAll(); // the dedicated policy goes on
  });

  after(async () => {
    store?.close();
    await t?.stop();
    await new Promise((resolve) => webhook?.close(resolve));
    dir.remove();
  });

  test('a sign-in of each emergency account fires the alert, to the webhook and the mailbox', async () => {
    for (const [index, upn] of accounts().entries()) {
      const result = (await t.control.signIn({ user: upn, method: 'fido2', ipAddress: '198.51.100.9' })) as {
        decision?: string;
      };
      assert.equal(result.decision, 'allowed', `${upn} could not sign in`);
      await t.control.advanceClock(600);
      assert.equal(signInAlerts().length, index + 1, `webhook calls after ${upn}`);
      assert.equal((await signInMails()).length, index + 1, `mails after ${upn}`);
    }
  });

  test('a sign-in of any other user fires nothing', async () => {
    const before = signInAlerts().length;
    const mails = (await signInMails()).length;
    // The collector reads only the accounts; any other user of the tenant comes from the emulator's export.
    const other = (await exportTenant(t.control, connection.tenantId)).graph.users!.find(
      (u) => !accounts().includes(u.userPrincipalName),
    )!;
    await t.control.signIn({ user: other.userPrincipalName, method: 'password', ipAddress: '198.51.100.9' });
    await t.control.advanceClock(600);
    assert.equal(signInAlerts().length, before);
    assert.equal((await signInMails()).length, mails);
  });

  test('when the accounts change, re-applying rewrites both alert queries', async () => {
    config = configSchema.parse({ ...config, accounts: { ...config.accounts, count: 3 } });
    const plan = await applyAll();
    assert.ok(pendingChanges(plan).includes('update alert-rule[alert-breakglass-signin]'));
    assert.ok(pendingChanges(plan).includes('update alert-rule[alert-breakglass-changes]'));
    const snapshot = await collect(connection, config);
    const third = snapshot.graph.users!.find((u) => u.userPrincipalName === accounts()[2])!;
    const rules = snapshot.azure!.resources!.filter(
      (r) => r.type.toLowerCase() === 'microsoft.insights/scheduledqueryrules',
    );
    assert.equal(rules.length, 2);
    for (const rule of rules) {
      const query = (rule.properties as { criteria: { allOf: { query: string }[] } }).criteria.allOf[0]!
        .query;
      assert.ok(query.includes(third.id.toLowerCase()), `${rule.name} does not name the new account`);
    }
  });

  test('a diagnostic setting removed by hand is caught by the audit and restored by the next apply', async () => {
    const settings = await aadiamDiagnosticSettings.list(connection);
    for (const setting of settings) await aadiamDiagnosticSettings.delete(connection, setting.name!);
    const monitoringFindings = async () =>
      runAudit({
        snapshot: await collect(connection, config),
        config,
        startedAt: new Date(),
      }).findings.filter((f) => f.checkId === 'EA-MON-001');
    assert.ok(
      (await monitoringFindings()).some((f) => f.status === 'fail'),
      'EA-MON-001 did not fail',
    );
    const plan = await applyAll();
    assert.ok(pendingChanges(plan).includes('create diagnostic-setting'));
    const restored = await monitoringFindings();
    assert.ok(restored.length > 0 && restored.every((f) => f.status === 'pass'), JSON.stringify(restored));
  });
});
