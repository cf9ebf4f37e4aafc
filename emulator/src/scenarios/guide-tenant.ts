/**
 * The guide's emergency-access setup, done right, on top of an ordinary tenant: the accounts, the
 * role-assignable group, the dedicated policy and a baseline that excludes the group, the
 * workspace, diagnostic setting, action group and alert rules, and drilled sign-ins. `healthy`
 * is this as is; `drifted`, `small` and `large` start from it.
 */
import { signInEvent, auditEvent, drill, type AppliedPolicy } from './activity.js';
import { auditAlertQuery, signInAlertQuery } from './alert-queries.js';
import { emulatorApps, type AppKind } from './apps.js';
import {
  actionGroup,
  aadDiagnosticSetting,
  logAlertRule,
  resourceGroup,
  subscription,
  workspace,
} from './azure.js';
import { baselinePolicies, strengths, type BaselineKey } from './baseline-policies.js';
import type { ScenarioContext } from './context.js';
import type { ArmResource, CaPolicy, GroupObject, TenantDocument, UserObject } from './document.js';
import { activeRole, group, user } from './directory.js';
import { fido2Key, passwordMethod } from './methods.js';
import { fido2Models, firstPartyApps, roleIds, type Fido2Model } from './microsoft.js';
import { caPolicy, countryLocation, ipLocation } from './policies.js';
import type { Population } from './population.js';
import {
  addPopulation,
  newTenantDocument,
  recordAudit,
  recordSignIn,
  type TenantBasics,
} from './tenant-document.js';

/** Names the guide (and breakglass.yaml's defaults) give the objects. */
export const guideNames = {
  account: (n: number) => `EmergencyAccount_${n}`,
  group: 'CA-Persona-BreakGlassAccounts',
  dedicatedPolicyKey: 'CA000',
  dedicatedPolicy: 'CA000-Global-BreakGlassAccounts-AllApps-AnyPlatform-PhishingResistantMFA',
  subscriptionKey: 'prod',
  location: 'westeurope',
  resourceGroup: 'rg-signinlogs-prod-weu-01',
  workspace: 'log-signinlogs-prod-weu',
  diagnosticSetting: 'breakglass-signinlogs',
  actionGroup: 'ag-breakglass',
  actionGroupShortName: 'breakglass',
  signInAlert: 'alert-breakglass-signin',
  auditAlert: 'alert-breakglass-changes',
} as const;

/** Key of the break-glass group in a tenant's id space. */
export const breakGlassGroupKey = 'break-glass';

/** The corporate egress range (a trusted named location) and one address in it. */
export const officeNetwork = { cidr: '203.0.113.0/24', address: (n: number) => `203.0.113.${n}` } as const;

/** What varies between tenants built on the guide's setup. */
export interface GuideTenantSpec {
  readonly basics: TenantBasics;
  readonly accountCount: number;
  readonly population: Population;
  readonly subscriptionName: string;
  readonly staffSignIns: number;
  readonly apps: readonly AppKind[];
}

/** The document and handles on the objects scenarios adjust. */
export interface GuideTenant {
  readonly ctx: ScenarioContext;
  readonly doc: TenantDocument;
  readonly accounts: UserObject[];
  readonly group: GroupObject;
  readonly dedicatedPolicy: CaPolicy;
  readonly baseline: Record<BaselineKey, CaPolicy>;
  readonly resourceGroupId: string;
  readonly workspace: ArmResource;
  readonly diagnosticSetting: ArmResource;
  readonly actionGroup: ArmResource;
  readonly signInAlert: ArmResource;
  readonly auditAlert: ArmResource;
  readonly population: Population;
}

const keyPairs: readonly (readonly [Fido2Model, Fido2Model])[] = [
  [fido2Models.yubiKey5, fido2Models.yubiKey5Nfc],
  [fido2Models.yubiKey5Nfc, fido2Models.feitianEpass],
  [fido2Models.feitianEpass, fido2Models.yubiKey5],
];

/** Days before capture of each account's last drill (all inside Graph's 30-day sign-in retention). */
const drillDaysAgo = [12, 26, 19, 5, 8, 22];

/** Builds the tenant. */
export function buildGuideTenant(ctx: ScenarioContext, spec: GuideTenantSpec): GuideTenant {
  const doc = newTenantDocument(ctx, spec.basics);
  const g = doc.graph;
  addPopulation(doc, spec.population);
  const operator = spec.population.operator;

  // The accounts: cloud-only, on the initial domain, password never expires, two keys in two safes.
  const accounts = Array.from({ length: spec.accountCount }, (_, i) => {
    const name = guideNames.account(i + 1);
    return user(ctx, {
      key: name,
      displayName: name,
      domain: 'initial',
      passwordPolicies: 'DisablePasswordExpiration',
      createdDaysAgo: 210,
    });
  });
  accounts.forEach((a, i) => {
    const [first, second] = keyPairs[i % keyPairs.length] ?? keyPairs[0]!;
    const label = `EA${i + 1}`;
    g.authenticationMethods[a.id] = [
      passwordMethod(ctx, 210),
      fido2Key(ctx, a.id, `${label} key A (safe 1, head office)`, first, 208),
      fido2Key(ctx, a.id, `${label} key B (safe 2, recovery site)`, second, 208),
    ];
    const { assignment, schedule } = activeRole(ctx, roleIds.globalAdministrator, a.id, {
      sinceDaysAgo: 209,
    });
    g.roleAssignments.push(assignment);
    g.roleAssignmentSchedules.push(schedule);
  });
  g.users.push(...accounts);

  const bgGroup = group(ctx, {
    key: breakGlassGroupKey,
    displayName: guideNames.group,
    description: 'Emergency access accounts - excluded from all CA policies except the break-glass policy',
    roleAssignable: true,
    members: accounts.map((a) => a.id),
    createdDaysAgo: 209,
  });
  g.groups.push(bgGroup);

  const allowedCountries = countryLocation(
    ctx,
    'allowed-countries',
    'ALLOWED COUNTRIES',
    ['DE', 'AT', 'CH', 'NL', 'BE', 'FR', 'GB'],
    540,
  );
  g.namedLocations.push(
    allowedCountries,
    ipLocation(
      ctx,
      'head-office',
      `${ctx.identity.displayName} head office`,
      [officeNetwork.cidr],
      true,
      540,
    ),
  );

  const dedicatedPolicy = caPolicy(ctx, {
    key: guideNames.dedicatedPolicyKey,
    displayName: guideNames.dedicatedPolicy,
    include: { groups: [bgGroup.id] },
    grant: { strength: strengths.phishingResistant },
    session: { signInFrequencyHours: 1 },
    createdDaysAgo: 205,
    modifiedDaysAgo: 200,
  });
  const specs = baselinePolicies({
    exclusion: { groups: [bgGroup.id] },
    allowedCountriesId: allowedCountries.id,
  });
  const baseline = Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, caPolicy(ctx, s)])) as Record<
    BaselineKey,
    CaPolicy
  >;
  g.conditionalAccessPolicies.push(dedicatedPolicy, ...Object.values(baseline));

  // Azure: the guide's resource group and workspace, the diagnostic setting, the alerting.
  const sub = subscription(ctx, guideNames.subscriptionKey, spec.subscriptionName);
  const subscriptionId = String(sub.subscriptionId);
  doc.azure.subscriptions.push(sub);
  const rg = resourceGroup(ctx, guideNames.subscriptionKey, guideNames.resourceGroup, guideNames.location, {
    purpose: 'break-glass-monitoring',
  });
  const ws = workspace(ctx, rg.id, guideNames.workspace, guideNames.location, 90, 205);
  const ag = actionGroup(ctx, rg.id, guideNames.actionGroup, guideNames.actionGroupShortName, [
    { name: 'IT Security', emailAddress: `it-security@${ctx.userDomain}` },
  ]);
  const signInAlert = logAlertRule(ctx, rg.id, {
    name: guideNames.signInAlert,
    displayName: 'Break-glass account sign-in',
    description: 'Fires on any sign-in by an emergency access account',
    location: guideNames.location,
    severity: 0,
    enabled: true,
    scopes: [ws.id],
    everyMinutes: 5,
    query: signInAlertQuery(accounts),
    actionGroups: [ag.id],
  });
  const auditAlert = logAlertRule(ctx, rg.id, {
    name: guideNames.auditAlert,
    displayName: 'Break-glass configuration changed',
    description: 'Fires on changes to the emergency accounts, their group or their Conditional Access policy',
    location: guideNames.location,
    severity: 1,
    enabled: true,
    scopes: [ws.id],
    everyMinutes: 5,
    query: auditAlertQuery([...accounts.map((a) => a.id), bgGroup.id, dedicatedPolicy.id]),
    actionGroups: [ag.id],
  });
  const appRg = resourceGroup(ctx, guideNames.subscriptionKey, 'rg-app-prod-weu-01', guideNames.location, {
    workload: 'intranet',
  });
  doc.azure.resources.push(rg, ws, ag, signInAlert, auditAlert, appRg);
  const diag = aadDiagnosticSetting(ctx, guideNames.diagnosticSetting, ws.id, [
    'SignInLogs',
    'NonInteractiveUserSignInLogs',
    'AuditLogs',
  ]);
  doc.azure.aadDiagnosticSettings.push(diag);
  doc.azure.logs[ws.id] = { SigninLogs: [], AuditLogs: [] };

  // What happened: the setup's audit trail, everyday sign-ins, and one drill per account.
  accounts.forEach((a, i) => {
    const target = {
      id: a.id,
      displayName: a.displayName,
      type: 'User' as const,
      userPrincipalName: a.userPrincipalName,
    };
    recordAudit(
      doc,
      auditEvent(ctx, {
        key: `create:${a.id}`,
        at: ctx.ago(210),
        activity: 'Add user',
        category: 'UserManagement',
        service: 'Core Directory',
        operationType: 'Add',
        actor: operator,
        targets: [target],
      }),
    );
    recordAudit(
      doc,
      auditEvent(ctx, {
        key: `ga:${a.id}`,
        at: ctx.ago(209),
        activity: 'Add member to role',
        category: 'RoleManagement',
        service: 'Core Directory',
        operationType: 'Assign',
        actor: operator,
        targets: [target],
      }),
    );
    recordAudit(
      doc,
      auditEvent(ctx, {
        key: `join:${a.id}`,
        at: ctx.ago(209, i * 0.1),
        activity: 'Add member to group',
        category: 'GroupManagement',
        service: 'Core Directory',
        operationType: 'Assign',
        actor: operator,
        targets: [target, { id: bgGroup.id, displayName: bgGroup.displayName, type: 'Group' }],
      }),
    );
  });
  recordAudit(
    doc,
    auditEvent(ctx, {
      key: `policy:${dedicatedPolicy.id}`,
      at: ctx.ago(205),
      activity: 'Add conditional access policy',
      category: 'Policy',
      service: 'Conditional Access',
      operationType: 'Add',
      actor: operator,
      targets: [{ id: dedicatedPolicy.id, displayName: dedicatedPolicy.displayName, type: 'Policy' }],
    }),
  );

  addStaffSignIns(ctx, doc, spec.population.signInUsers, spec.staffSignIns, baseline.CA002);
  accounts.forEach((a, i) => {
    const days = drillDaysAgo[i % drillDaysAgo.length] ?? 12;
    const event = signInEvent(ctx, {
      key: `drill:${a.id}`,
      user: a,
      at: ctx.ago(days),
      app: firstPartyApps.azurePortal,
      ipAddress: officeNetwork.address(25),
      countryOrRegion: ctx.identity.countryLetterCode,
      city: ctx.identity.city,
      method: 'FIDO2 security key',
      appliedPolicies: [policyOutcome(dedicatedPolicy, 'success')],
    });
    recordSignIn(doc, event);
    doc.drills.push(drill(a.id, ctx.ago(days, -0.25), event.signIn.id));
  });

  doc.emulator.apps = emulatorApps(ctx, [subscriptionId], spec.apps);
  return {
    ctx,
    doc,
    accounts,
    group: bgGroup,
    dedicatedPolicy,
    baseline,
    resourceGroupId: rg.id,
    workspace: ws,
    diagnosticSetting: diag,
    actionGroup: ag,
    signInAlert,
    auditAlert,
    population: spec.population,
  };
}

/** A policy's outcome as a sign-in log records it. */
export function policyOutcome(policy: CaPolicy, result: AppliedPolicy['result']): AppliedPolicy {
  return { id: policy.id, displayName: policy.displayName, result };
}

const homeAddresses = ['198.51.100.14', '198.51.100.77', '192.0.2.33', '192.0.2.190'];
const everydayApps = [
  firstPartyApps.officeHome,
  firstPartyApps.teams,
  firstPartyApps.outlook,
  firstPartyApps.sharePoint,
  firstPartyApps.office,
];

/** `count` ordinary sign-ins over the last four weeks, from the office or home, mostly successful. */
export function addStaffSignIns(
  ctx: ScenarioContext,
  doc: TenantDocument,
  users: readonly UserObject[],
  count: number,
  mfaPolicy: CaPolicy | undefined,
): void {
  for (let i = 0; i < count; i++) {
    const u = ctx.pick(users);
    const fromOffice = ctx.random() < 0.6;
    const failed = ctx.random() < 0.05;
    recordSignIn(
      doc,
      signInEvent(ctx, {
        key: `staff:${i}`,
        user: u,
        at: ctx.ago(ctx.random() * 28),
        app: ctx.pick(everydayApps),
        ipAddress: fromOffice ? officeNetwork.address(10 + ctx.int(200)) : ctx.pick(homeAddresses),
        countryOrRegion: ctx.identity.countryLetterCode,
        city: ctx.identity.city,
        method: 'Microsoft Authenticator app',
        ...(failed
          ? {
              errorCode: 50126,
              failureReason: 'Error validating credentials due to invalid username or password.',
            }
          : {}),
        appliedPolicies: mfaPolicy && !failed ? [policyOutcome(mfaPolicy, 'success')] : [],
      }),
    );
  }
}
