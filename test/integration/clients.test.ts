/**
 * The product's clients against the emulator, started as a child process: tokens from
 * `ClientSecretCredential` and `ClientCertificateCredential` over HTTPS, then reads and writes of
 * users, groups, Conditional Access policies and authentication methods through the Graph layer,
 * ARM resources through Microsoft's three SDK clients, and the Entra diagnostic setting through the
 * raw ARM helper — the same code the product runs against Microsoft.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { aadiamDiagnosticSettings, armCall, armClients, armRequest } from '../../src/clients/arm.js';
import { connect, DEFAULT_EMBEDDED_SCENARIO, type Connection } from '../../src/clients/connection.js';
import { isApiError, type ApiError } from '../../src/clients/errors.js';
import { GraphClient } from '../../src/clients/graph.js';
import { emulatorSkipReason, startTestEmulator, type TestEmulator } from '../helpers/emulator.js';
import { createSelfSignedCertificate } from '../../emulator/src/pki/certificates.js';

const skip = emulatorSkipReason();

interface User {
  id: string;
  userPrincipalName: string;
  displayName?: string;
  usageLocation?: string;
}
interface Group {
  id: string;
  displayName: string;
}
interface Policy {
  id: string;
  displayName: string;
  state: string;
  conditions: { users: { excludeGroups?: string[] } };
}

/** The JWT payload of a token, to check what the emulator issued. */
function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

describe('clients against the emulator', { skip }, () => {
  let t: TestEmulator;
  let connection: Connection;
  let graph: GraphClient;
  let domain: string;
  let tenantId: string;
  const cert = { clientId: randomUUID(), pem: '' };

  before(async () => {
    t = await startTestEmulator({ scenario: 'empty' });
    const info = await t.control.info();
    const tenant = info.tenants[0];
    assert.ok(tenant, 'the emulator has a tenant');
    tenantId = tenant.tenantId;
    domain = tenant.initialDomain ?? '';
    // An app that signs in with a certificate: add it to the tenant through the control plane.
    const { certPem, keyPem } = await createSelfSignedCertificate('breakglass integration test');
    cert.pem = `${certPem}\n${keyPem}`;
    const doc = (await t.control.snapshot(tenantId, true)) as {
      emulator: { apps: Record<string, unknown>[] };
    };
    const admin = doc.emulator.apps.find((app) => app.default) ?? doc.emulator.apps[0];
    doc.emulator.apps.push({
      ...admin,
      displayName: 'breakglass certificate app',
      clientId: cert.clientId,
      objectId: randomUUID(),
      clientSecret: undefined,
      certificateThumbprints: undefined,
      certificates: [certPem],
      default: false,
    });
    await t.control.putTenant(tenantId, doc);
    connection = await t.connect();
    graph = new GraphClient(connection);
  });

  after(async () => {
    await t?.stop();
  });

  test('ClientSecretCredential (the published admin app) gets a Graph token for the tenant', async () => {
    assert.equal(connection.mode, 'emulator');
    assert.equal(connection.credentialKind, 'client-secret');
    assert.equal(connection.tenantId, tenantId);
    const token = await connection.credential.getToken(connection.endpoints.scopes.graph);
    assert.ok(token);
    const payload = claims(token.token);
    assert.equal(payload.tid, tenantId);
    assert.match(String(payload.aud), /graph\.microsoft\.com/);
    assert.ok(Array.isArray(payload.roles) && payload.roles.includes('Policy.Read.All'));
  });

  test('ClientCertificateCredential gets tokens that Graph and ARM accept', async () => {
    const viaCert = await t.connect({
      tenantId,
      credential: { clientId: cert.clientId, certificatePem: cert.pem },
    });
    assert.equal(viaCert.credentialKind, 'client-certificate');
    const token = await viaCert.credential.getToken(viaCert.endpoints.scopes.graph);
    assert.equal(claims(token?.token ?? '').appid ?? claims(token?.token ?? '').azp, cert.clientId);
    const policies = await new GraphClient(viaCert).listAll('/identity/conditionalAccess/policies');
    assert.ok(Array.isArray(policies));
    const subscriptions = await armRequest<{ value: unknown[] }>(viaCert, 'GET', '/subscriptions', {
      apiVersion: '2022-12-01',
    });
    assert.ok((subscriptions?.value.length ?? 0) >= 1);
  });

  test('--emulator URL with no CA given: the loopback emulator is discovered and its CA pinned', async () => {
    const discovered = await connect({ emulator: t.emulator.url, env: {} });
    try {
      assert.equal(discovered.emulator?.caPem, t.emulator.caPem);
      assert.deepEqual(discovered.tlsOptions, { ca: t.emulator.caPem });
      assert.ok(
        Array.isArray(await new GraphClient(discovered).listAll('/identity/conditionalAccess/policies')),
      );
    } finally {
      await discovered.close();
    }
  });

  test('a wrong secret is refused with a one-line identity error', async () => {
    const info = await t.control.info();
    const admin = info.tenants[0]?.adminApp;
    const wrong = await t.connect({
      tenantId,
      credential: { clientId: admin?.clientId, clientSecret: 'not-the-secret' },
    });
    await assert.rejects(new GraphClient(wrong).get('/organization'), (error: ApiError) => {
      assert.ok(isApiError(error));
      assert.equal(error.source, 'identity');
      assert.doesNotMatch(error.message, /\n/);
      assert.doesNotMatch(error.message, /not-the-secret/);
      return true;
    });
  });

  test('users: create (idempotent), read, update, list by filter, count, delete', async () => {
    const upn = `EmergencyAccount_9@${domain}`;
    const body = {
      accountEnabled: true,
      displayName: 'EmergencyAccount_9',
      mailNickname: 'EmergencyAccount_9',
      userPrincipalName: upn,
      passwordProfile: { forceChangePasswordNextSignIn: false, password: `Aa1!${randomUUID()}` },
      passwordPolicies: 'DisablePasswordExpiration',
    };
    const findByUpn = () => graph.find<User>(`/users/${encodeURIComponent(upn)}`);
    const user = await graph.createIdempotent(() => graph.post<User>('/users', body), findByUpn);
    assert.equal(user.userPrincipalName, upn);
    // Running the same ensure-step again finds the user instead of failing or duplicating it.
    const again =
      (await findByUpn()) ??
      (await graph.createIdempotent(() => graph.post<User>('/users', body), findByUpn));
    assert.equal(again.id, user.id);

    await graph.patch(`/users/${user.id}`, { usageLocation: 'NL' });
    const read = await graph.get<User>(`/users/${user.id}`, {
      query: { $select: 'id,userPrincipalName,usageLocation' },
    });
    assert.equal(read.usageLocation, 'NL');

    const listed = await graph.listAll<User>('/users', {
      query: {
        $filter: "startswith(userPrincipalName,'EmergencyAccount_9')",
        $select: 'id,userPrincipalName',
      },
    });
    assert.deepEqual(
      listed.map((u) => u.id),
      [user.id],
    );
    const total = await graph.count('/users');
    assert.ok(total >= 1);

    await graph.delete(`/users/${user.id}`);
    assert.equal(await graph.find(`/users/${user.id}`), undefined);
  });

  test('groups: create a role-assignable group, add a member twice, read members, delete', async () => {
    const member = await graph.post<User>('/users', {
      accountEnabled: true,
      displayName: 'EmergencyAccount_8',
      mailNickname: 'EmergencyAccount_8',
      userPrincipalName: `EmergencyAccount_8@${domain}`,
      passwordProfile: { forceChangePasswordNextSignIn: false, password: `Aa1!${randomUUID()}` },
    });
    const displayName = `CA-Persona-Test-${randomUUID().slice(0, 8)}`;
    const group = await graph.createIdempotent(
      () =>
        graph.post<Group>('/groups', {
          displayName,
          mailEnabled: false,
          mailNickname: displayName,
          securityEnabled: true,
          isAssignableToRole: true,
        }),
      async () =>
        (await graph.listAll<Group>('/groups', { query: { $filter: `displayName eq '${displayName}'` } }))[0],
    );
    await graph.addGroupMember(group.id, member.id);
    await graph.addGroupMember(group.id, member.id); // already a member: still fine
    const members = await graph.listAll<{ id: string }>(`/groups/${group.id}/members`, {
      query: { $select: 'id' },
    });
    assert.deepEqual(
      members.map((m) => m.id),
      [member.id],
    );
    const groups = await graph.listAll<Group>('/groups', {
      query: { $filter: `displayName eq '${displayName}'` },
    });
    assert.equal(groups.length, 1);
    await graph.delete(`/groups/${group.id}`);
    await graph.delete(`/users/${member.id}`);
  });

  test('Conditional Access: create report-only, read, patch the exclusions, list, delete', async () => {
    const group = await graph.post<Group>('/groups', {
      displayName: 'CA exclusion test',
      mailEnabled: false,
      mailNickname: 'ca-exclusion-test',
      securityEnabled: true,
    });
    const policy = await graph.post<Policy>('/identity/conditionalAccess/policies', {
      displayName: 'breakglass client test policy',
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        users: { includeUsers: ['All'] },
        applications: { includeApplications: ['All'] },
        clientAppTypes: ['all'],
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    });
    assert.equal(policy.state, 'enabledForReportingButNotEnforced');
    await graph.patch(`/identity/conditionalAccess/policies/${policy.id}`, {
      conditions: { users: { includeUsers: ['All'], excludeGroups: [group.id] } },
    });
    const read = await graph.get<Policy>(`/identity/conditionalAccess/policies/${policy.id}`);
    assert.deepEqual(read.conditions.users.excludeGroups, [group.id]);
    assert.equal(read.state, 'enabledForReportingButNotEnforced', 'PATCH keeps what it does not name');
    const all = await graph.listAll<Policy>('/identity/conditionalAccess/policies');
    assert.ok(all.some((p) => p.id === policy.id));
    await graph.delete(`/identity/conditionalAccess/policies/${policy.id}`);
    assert.equal(await graph.find(`/identity/conditionalAccess/policies/${policy.id}`), undefined);
    await graph.delete(`/groups/${group.id}`);
  });

  test('authentication methods: add email and a Temporary Access Pass, then list them', async () => {
    const user = await graph.post<User>('/users', {
      accountEnabled: true,
      displayName: 'EmergencyAccount_7',
      mailNickname: 'EmergencyAccount_7',
      userPrincipalName: `EmergencyAccount_7@${domain}`,
      passwordProfile: { forceChangePasswordNextSignIn: false, password: `Aa1!${randomUUID()}` },
    });
    await graph.post(`/users/${user.id}/authentication/emailMethods`, {
      emailAddress: 'it-alerts@contoso.com',
    });
    const tap = await graph.post<{ temporaryAccessPass?: string; lifetimeInMinutes: number }>(
      `/users/${user.id}/authentication/temporaryAccessPassMethods`,
      { lifetimeInMinutes: 60, isUsableOnce: true },
    );
    assert.equal(tap.lifetimeInMinutes, 60);
    assert.ok(tap.temporaryAccessPass, 'the pass is returned once, in the create response');
    const methods = await graph.listAll<{ '@odata.type': string }>(
      `/users/${user.id}/authentication/methods`,
    );
    const types = methods.map((m) => m['@odata.type']);
    assert.ok(types.includes('#microsoft.graph.emailAuthenticationMethod'), types.join());
    assert.ok(types.includes('#microsoft.graph.temporaryAccessPassAuthenticationMethod'), types.join());
    await graph.delete(`/users/${user.id}`);
  });

  test('$batch: reads grouped with per-item results and errors', async () => {
    const results = await graph.batch([
      { id: 'policies', method: 'GET', url: '/identity/conditionalAccess/policies?$select=id' },
      { id: 'missing', method: 'GET', url: `/users/${randomUUID()}` },
      { id: 'strengths', method: 'GET', url: '/policies/authenticationStrengthPolicies' },
    ]);
    assert.deepEqual(
      results.map((r) => [r.id, r.status]),
      [
        ['policies', 200],
        ['missing', 404],
        ['strengths', 200],
      ],
    );
    assert.equal(results[1]?.error?.code, 'Request_ResourceNotFound');
  });

  test('ARM through @azure/arm-resources, @azure/arm-operationalinsights and @azure/arm-monitor', async () => {
    const subscriptions = await armRequest<{ value: { subscriptionId: string }[] }>(
      connection,
      'GET',
      '/subscriptions',
      {
        apiVersion: '2022-12-01',
      },
    );
    const subscriptionId = subscriptions?.value[0]?.subscriptionId;
    assert.ok(subscriptionId, 'the tenant has a subscription');
    const arm = armClients(connection, subscriptionId);
    const rg = 'rg-breakglass-client-test';

    const group = await armCall(connection, () =>
      arm.resources.resourceGroups.createOrUpdate(rg, { location: 'westeurope', tags: { purpose: 'test' } }),
    );
    assert.equal(group.name, rg);

    const workspace = await armCall(connection, async () =>
      arm.operationalInsights.workspaces.createOrUpdate(rg, 'log-client-test', {
        location: 'westeurope',
        retentionInDays: 90,
      }),
    );
    assert.equal(workspace.retentionInDays, 90);
    assert.ok(workspace.customerId, 'the workspace has a customer id');

    const actionGroup = await armCall(connection, () =>
      arm.monitor.actionGroups.createOrUpdate(rg, 'ag-client-test', {
        location: 'global',
        groupShortName: 'bgtest',
        enabled: true,
        emailReceivers: [{ name: 'it', emailAddress: 'it-alerts@contoso.com', useCommonAlertSchema: true }],
      }),
    );
    assert.equal(actionGroup.groupShortName, 'bgtest');

    const alertRule = (name: string, query: string, skipQueryValidation?: boolean) =>
      arm.monitor.scheduledQueryRules.createOrUpdate(rg, name, {
        location: 'westeurope',
        kind: 'LogAlert',
        severity: 0,
        enabled: true,
        scopes: [workspace.id ?? ''],
        evaluationFrequency: 'PT5M',
        windowSize: 'PT5M',
        criteria: {
          allOf: [
            {
              query,
              timeAggregation: 'Count',
              operator: 'GreaterThan',
              threshold: 0,
              failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
            },
          ],
        },
        actions: { actionGroups: [actionGroup.id ?? ''] },
        ...(skipQueryValidation === undefined ? {} : { skipQueryValidation }),
      });
    const rule = await armCall(connection, () =>
      alertRule('alert-client-test', 'SigninLogs | where UserId in ("00000000-0000-0000-0000-000000000001")'),
    );
    assert.equal(rule.severity, 0);
    // A query that does not bind is refused when the rule is written (as Azure validates it), and
    // the SDK's failure reaches the product as an ApiError with ARM's status, code and request id.
    const unknownTable = 'AzureDiagnostics | where Category == "SignInLogs"';
    await assert.rejects(
      armCall(connection, () => alertRule('alert-client-test-unbound', unknownTable)),
      (error: ApiError) => {
        assert.ok(isApiError(error), String(error));
        assert.equal(error.status, 400);
        assert.equal(error.code, 'BadArgumentError');
        assert.ok(error.requestId, 'the request id is kept');
        return true;
      },
    );
    const skipped = await armCall(connection, () =>
      alertRule('alert-client-test-unbound', unknownTable, true),
    );
    assert.equal(skipped.skipQueryValidation, true);

    const setting = await aadiamDiagnosticSettings.put(connection, 'breakglass-client-test', {
      workspaceId: workspace.id,
      logs: [{ category: 'SignInLogs', enabled: true }],
    });
    assert.equal(setting?.properties.workspaceId?.toLowerCase(), workspace.id?.toLowerCase());
    const settings = await aadiamDiagnosticSettings.list(connection);
    assert.ok(settings.some((s) => s.name === 'breakglass-client-test'));
    await aadiamDiagnosticSettings.delete(connection, 'breakglass-client-test');

    // Requests went through breakglass's recorder, SDK clients included.
    assert.ok((connection.recorder.stats().byService.arm ?? 0) >= 6);
  });
});

describe('an embedded emulator for one run', { skip }, () => {
  test('--emulator with no URL starts the default scenario, and close() stops it', async () => {
    const connection = await connect({ emulator: true, env: {} });
    const pid = connection.emulator?.embedded?.pid ?? 0;
    try {
      assert.equal(connection.mode, 'embedded');
      assert.equal(DEFAULT_EMBEDDED_SCENARIO, 'drifted');
      const policies = await new GraphClient(connection).listAll('/identity/conditionalAccess/policies');
      assert.ok(policies.length > 0, 'the drifted tenant has Conditional Access policies');
    } finally {
      await connection.close();
    }
    assert.throws(() => process.kill(pid, 0), 'the emulator process is gone');
  });
});
