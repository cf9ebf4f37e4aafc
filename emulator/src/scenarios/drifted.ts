/**
 * `drifted`: Fabrikam set up by the guide by hand, then left to drift — at least ten realistic
 * mistakes across the accounts, the group, Conditional Access, logging, alerting and drills.
 *
 * Each drift is data: the mistakes it makes (what the audit must report) and a function that
 * makes them on the well-run tenant. `driftedMistakes` is the list tests assert the audit finds.
 */
import { auditEvent, signInEvent } from './activity.js';
import { guideAlertQuery } from './alert-queries.js';
import { armTypes } from './azure.js';
import { strengths } from './baseline-policies.js';
import type { JsonObject, ScenarioOptions, TenantDocument, UserObject } from './document.js';
import { activeRole, eligibleRole, user } from './directory.js';
import { breakGlassGroupKey, guideNames, policyOutcome, type GuideTenant } from './guide-tenant.js';
import { wellRunTenant } from './healthy.js';
import { fabrikam } from './identities.js';
import { IdSpace } from './ids.js';
import { authenticatorApp, fido2Key, mobilePhone, passwordMethod } from './methods.js';
import { fido2Models, firstPartyApps, privilegedRoleTemplateIds, roleIds } from './microsoft.js';
import { caPolicy } from './policies.js';
import { adminAccountKey } from './population.js';
import { recordAudit, recordSignIn } from './tenant-document.js';

/**
 * One mistake in the drifted tenant. The audit must report, for each of `expectedCheckIds`, an
 * outcome that is `fail` or `warn`; when `subjectId` is set, at least one of those outcomes has
 * that subject (`finding.subject.id`, compared case-insensitively).
 */
export interface DriftedMistake {
  /** Stable short name. */
  readonly key: string;
  readonly description: string;
  readonly expectedCheckIds: readonly string[];
  readonly subjectId?: string;
}

/** A drift: the mistakes it makes and how it makes them on the well-run tenant. */
export interface Drift {
  readonly mistakes: readonly DriftedMistake[];
  apply(tenant: GuideTenant): void;
}

const ids = new IdSpace(fabrikam.key);
const account = (n: number) => ids.user(guideNames.account(n));
const ea1 = account(1);
const ea2 = account(2);
const ea3 = account(3);
const resourceGroupId = ids.resourceGroup(guideNames.subscriptionKey, guideNames.resourceGroup);
const lockoutPolicyKey = 'CA005';
const baselineSecurityModeKey = 'BSM-ADMINS';
const unexplainedSignInKey = 'unexplained:EmergencyAccount_2';

/** Ids of the drifted tenant's objects that mistakes are about. */
export const driftedIds = {
  tenant: ids.tenantId,
  accounts: [ea1, ea2, ea3],
  group: ids.group(breakGlassGroupKey),
  dedicatedPolicy: ids.policy(guideNames.dedicatedPolicyKey),
  mfaPolicy: ids.policy('CA002'),
  lockoutPolicy: ids.policy(lockoutPolicyKey),
  baselineSecurityModePolicy: ids.policy(baselineSecurityModeKey),
  workspace: ids.resource(resourceGroupId, armTypes.workspace, guideNames.workspace),
  diagnosticSetting: ids.aadDiagnosticSetting(guideNames.diagnosticSetting),
  signInAlert: ids.resource(resourceGroupId, armTypes.scheduledQueryRule, guideNames.signInAlert),
  unexplainedSignIn: ids.signIn(unexplainedSignInKey),
} as const;

/** The emergency accounts of the drifted tenant (what its breakglass.yaml lists). */
export const driftedAccounts: readonly { id: string; userPrincipalName: string }[] = [1, 2, 3].map((n) => ({
  id: account(n),
  userPrincipalName:
    n === 3
      ? `${guideNames.account(n)}@${fabrikam.customDomain}`
      : `${guideNames.account(n)}@${fabrikam.initialDomain}`,
}));

function findUser(t: GuideTenant, id: string): UserObject {
  const u = t.doc.graph.users.find((x) => x.id === id);
  if (!u) throw new Error(`drifted: no user ${id}`);
  return u;
}

/** Removes a sign-in from Graph and from every workspace's SigninLogs. */
function forgetSignIn(t: GuideTenant, signInId: string): void {
  t.doc.graph.signIns = t.doc.graph.signIns.filter((s) => s.id !== signInId);
  for (const tables of Object.values(t.doc.azure.logs)) {
    if (tables.SigninLogs) tables.SigninLogs = tables.SigninLogs.filter((r) => r.Id !== signInId);
  }
}

/** The drifts, in the order they happen (later ones see earlier ones, e.g. the third account). */
export const drifts: readonly Drift[] = [
  {
    mistakes: [
      {
        key: 'account-synced',
        description:
          'A third emergency account, EmergencyAccount_3, is synced from on-premises Active Directory',
        expectedCheckIds: ['EA-ACC-002'],
        subjectId: ea3,
      },
      {
        key: 'account-custom-domain',
        description:
          'EmergencyAccount_3 signs in with the custom domain (fabrikam.com), not the initial onmicrosoft.com domain',
        expectedCheckIds: ['EA-ACC-003'],
        subjectId: ea3,
      },
    ],
    apply(t) {
      const { ctx, doc } = t;
      const a = user(ctx, {
        key: guideNames.account(3),
        displayName: guideNames.account(3),
        synced: true,
        passwordPolicies: 'DisablePasswordExpiration',
        createdDaysAgo: 60,
      });
      doc.graph.users.push(a);
      doc.graph.authenticationMethods[a.id] = [
        passwordMethod(ctx, 60),
        fido2Key(ctx, a.id, 'EA3 key A (IT cupboard)', fido2Models.yubiKey5, 58),
        fido2Key(ctx, a.id, 'EA3 key B (IT cupboard)', fido2Models.feitianEpass, 58),
      ];
      const { assignment, schedule } = activeRole(ctx, roleIds.globalAdministrator, a.id, {
        sinceDaysAgo: 59,
      });
      doc.graph.roleAssignments.push(assignment);
      doc.graph.roleAssignmentSchedules.push(schedule);
      t.group.members.push(a.id);
      t.accounts.push(a);
      const drillSignIn = signInEvent(ctx, {
        key: `drill:${a.id}`,
        user: a,
        at: ctx.ago(9),
        app: firstPartyApps.azurePortal,
        ipAddress: '203.0.113.25',
        countryOrRegion: fabrikam.countryLetterCode,
        city: fabrikam.city,
        method: 'FIDO2 security key',
        appliedPolicies: [policyOutcome(t.dedicatedPolicy, 'success')],
      });
      recordSignIn(doc, drillSignIn);
      doc.drills.push({
        accountId: a.id,
        at: ctx.ago(9, -0.25),
        verified: true,
        signInId: drillSignIn.signIn.id,
        alertFired: false,
      });
    },
  },
  {
    mistakes: [
      {
        key: 'account-personal-methods',
        description:
          'EmergencyAccount_2 has only a password, Microsoft Authenticator and a mobile phone: no phishing-resistant method, so the dedicated policy locks it out',
        expectedCheckIds: ['EA-ACC-007', 'EA-ACC-008', 'EA-ACC-009', 'EA-CA-004'],
        subjectId: ea2,
      },
    ],
    apply(t) {
      t.doc.graph.authenticationMethods[ea2] = [
        passwordMethod(t.ctx, 210),
        authenticatorApp(t.ctx, ea2, "Lee's iPhone", 150),
        mobilePhone('+31 6 5555 0142'),
      ];
    },
  },
  {
    mistakes: [
      {
        key: 'account-password-expires',
        description: "EmergencyAccount_1's password expires (DisablePasswordExpiration was lost in a reset)",
        expectedCheckIds: ['EA-ACC-006'],
        subjectId: ea1,
      },
    ],
    apply(t) {
      findUser(t, ea1).passwordPolicies = null;
    },
  },
  {
    mistakes: [
      {
        key: 'account-ga-eligible-only',
        description:
          'EmergencyAccount_2 is only PIM-eligible for Global Administrator (someone "cleaned up" standing access)',
        expectedCheckIds: ['EA-ACC-005'],
        subjectId: ea2,
      },
    ],
    apply(t) {
      const g = t.doc.graph;
      const isEa2Ga = (x: JsonObject) =>
        x.principalId === ea2 && x.roleDefinitionId === roleIds.globalAdministrator;
      g.roleAssignments = g.roleAssignments.filter((x) => !isEa2Ga(x));
      g.roleAssignmentSchedules = g.roleAssignmentSchedules.filter((x) => !isEa2Ga(x));
      g.roleEligibilitySchedules.push(
        eligibleRole(t.ctx, roleIds.globalAdministrator, ea2, { sinceDaysAgo: 45 }),
      );
    },
  },
  {
    mistakes: [
      {
        key: 'group-extra-user',
        description:
          'A helpdesk admin (adm-adele) added herself to CA-Persona-BreakGlassAccounts and so escapes every policy',
        expectedCheckIds: ['EA-GRP-001'],
        subjectId: driftedIds.group,
      },
    ],
    apply(t) {
      const adele = findUser(t, t.ctx.ids.user(adminAccountKey('Adele')));
      t.group.members.push(adele.id);
      recordAudit(
        t.doc,
        auditEvent(t.ctx, {
          key: 'adele-joins',
          at: t.ctx.ago(10),
          activity: 'Add member to group',
          category: 'GroupManagement',
          service: 'Core Directory',
          operationType: 'Assign',
          actor: adele,
          targets: [
            {
              id: adele.id,
              displayName: adele.displayName,
              type: 'User',
              userPrincipalName: adele.userPrincipalName,
            },
            { id: t.group.id, displayName: t.group.displayName, type: 'Group' },
          ],
        }),
      );
    },
  },
  {
    mistakes: [
      {
        key: 'group-nested-group',
        description: 'The IT-Admins group is nested in CA-Persona-BreakGlassAccounts',
        expectedCheckIds: ['EA-GRP-001'],
        subjectId: driftedIds.group,
      },
    ],
    apply(t) {
      t.group.members.push(t.ctx.ids.group('it-admins'));
    },
  },
  {
    mistakes: [
      {
        key: 'group-not-role-assignable',
        description:
          'CA-Persona-BreakGlassAccounts is an ordinary security group (not role-assignable), so group admins can change it',
        expectedCheckIds: ['EA-GRP-002'],
        subjectId: driftedIds.group,
      },
    ],
    apply(t) {
      t.group.isAssignableToRole = null;
    },
  },
  {
    mistakes: [
      {
        key: 'ca-lockout-policy',
        description:
          'New enabled policy CA005 blocks all users outside trusted locations and forgets the exclusion: every emergency account is locked out',
        expectedCheckIds: ['EA-CA-003', 'EA-CA-004'],
        subjectId: driftedIds.lockoutPolicy,
      },
    ],
    apply(t) {
      const p = caPolicy(t.ctx, {
        key: lockoutPolicyKey,
        displayName: 'CA005-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-UntrustedLocations',
        include: 'All',
        locations: { include: ['All'], exclude: ['AllTrusted'] },
        grant: { controls: ['block'] },
        createdDaysAgo: 1,
      });
      t.doc.graph.conditionalAccessPolicies.push(p);
      recordAudit(
        t.doc,
        auditEvent(t.ctx, {
          key: 'add-ca005',
          at: t.ctx.ago(1),
          activity: 'Add conditional access policy',
          category: 'Policy',
          service: 'Conditional Access',
          operationType: 'Add',
          actor: t.population.operator,
          targets: [{ id: p.id, displayName: p.displayName, type: 'Policy' }],
        }),
      );
    },
  },
  {
    mistakes: [
      {
        key: 'ca-report-only-without-exclusion',
        description:
          'A report-only Baseline Security Mode policy (phishing-resistant MFA for admin roles) does not exclude the accounts; it will lock them in when switched on',
        expectedCheckIds: ['EA-CA-003'],
        subjectId: driftedIds.baselineSecurityModePolicy,
      },
    ],
    apply(t) {
      t.doc.graph.conditionalAccessPolicies.push(
        caPolicy(t.ctx, {
          key: baselineSecurityModeKey,
          displayName:
            'Baseline Security Mode: Require phishing-resistant multifactor authentication for admins',
          templateId: '4200930c-0da2-4e33-ca01-300000000011',
          state: 'enabledForReportingButNotEnforced',
          include: { roles: privilegedRoleTemplateIds },
          grant: { strength: strengths.phishingResistant },
          createdDaysAgo: 30,
        }),
      );
    },
  },
  {
    mistakes: [
      {
        key: 'ca-exclusion-by-user',
        description: 'CA002 (MFA for all users) excludes the accounts one by one instead of the group',
        expectedCheckIds: ['EA-CA-006'],
        subjectId: driftedIds.mfaPolicy,
      },
    ],
    apply(t) {
      const users = t.baseline.CA002.conditions.users;
      if (!users) throw new Error('drifted: CA002 has no user condition');
      users.excludeGroups = [];
      users.excludeUsers = t.accounts.map((a) => a.id);
    },
  },
  {
    mistakes: [
      {
        key: 'ca-dedicated-frequency',
        description: 'The dedicated policy signs the accounts in for 8 hours instead of 1',
        expectedCheckIds: ['EA-CA-002'],
        subjectId: driftedIds.dedicatedPolicy,
      },
    ],
    apply(t) {
      const session = t.dedicatedPolicy.sessionControls as { signInFrequency: { value: number } };
      session.signInFrequency.value = 8;
      t.dedicatedPolicy.modifiedDateTime = t.ctx.ago(40);
      const target = {
        id: t.dedicatedPolicy.id,
        displayName: t.dedicatedPolicy.displayName,
        type: 'Policy' as const,
        modifiedProperties: [
          { displayName: 'SessionControls.SignInFrequency.Value', oldValue: '1', newValue: '8' },
        ],
      };
      recordAudit(
        t.doc,
        auditEvent(t.ctx, {
          key: 'sif-8h',
          at: t.ctx.ago(40),
          activity: 'Update conditional access policy',
          category: 'Policy',
          service: 'Conditional Access',
          operationType: 'Update',
          actor: t.population.operator,
          targets: [target],
        }),
      );
    },
  },
  {
    mistakes: [
      {
        key: 'workspace-retention',
        description: 'The workspace keeps data 30 days (the default), not 90',
        expectedCheckIds: ['EA-MON-002'],
        subjectId: driftedIds.workspace,
      },
    ],
    apply(t) {
      t.workspace.properties.retentionInDays = 30;
    },
  },
  {
    mistakes: [
      {
        key: 'diagnostic-no-auditlogs',
        description: 'The Entra diagnostic setting sends sign-in logs but not AuditLogs',
        expectedCheckIds: ['EA-MON-001'],
        subjectId: driftedIds.diagnosticSetting,
      },
    ],
    apply(t) {
      const logs = t.diagnosticSetting.properties.logs as { category: string; enabled: boolean }[];
      for (const l of logs) if (l.category === 'AuditLogs') l.enabled = false;
      for (const tables of Object.values(t.doc.azure.logs)) delete tables.AuditLogs;
    },
  },
  {
    mistakes: [
      {
        key: 'alert-guide-query',
        description:
          'The sign-in alert uses the guide\u2019s query verbatim: one account only, and a typographic closing quote (\u201C) so the KQL does not parse',
        expectedCheckIds: ['EA-MON-003', 'EA-MON-006'],
        subjectId: driftedIds.signInAlert,
      },
    ],
    apply(t) {
      const criteria = t.signInAlert.properties.criteria as { allOf: { query: string }[] };
      for (const c of criteria.allOf) c.query = guideAlertQuery(ea1);
    },
  },
  {
    mistakes: [
      {
        key: 'alert-frequency',
        description: 'The sign-in alert is evaluated every 15 minutes, not every 5',
        expectedCheckIds: ['EA-MON-003'],
      },
    ],
    apply(t) {
      Object.assign(t.signInAlert.properties, {
        evaluationFrequency: 'PT15M',
        windowSize: 'PT15M',
        severity: 3,
      });
    },
  },
  {
    mistakes: [
      {
        key: 'no-audit-alert',
        description:
          'No alert watches AuditLogs for changes to the accounts, the group or the dedicated policy',
        expectedCheckIds: ['EA-MON-005'],
      },
    ],
    apply(t) {
      t.doc.azure.resources = t.doc.azure.resources.filter((r) => r.id !== t.auditAlert.id);
    },
  },
  {
    mistakes: [
      {
        key: 'account-never-drilled',
        description: 'EmergencyAccount_2 has no recorded drill',
        expectedCheckIds: ['EA-OPS-001'],
        subjectId: ea2,
      },
    ],
    apply(t) {
      for (const d of t.doc.drills.filter((x) => x.accountId === ea2))
        if (d.signInId) forgetSignIn(t, d.signInId);
      t.doc.drills = t.doc.drills.filter((d) => d.accountId !== ea2);
    },
  },
  {
    mistakes: [
      {
        key: 'unexplained-signin',
        description:
          'Three days ago someone tried EmergencyAccount_2 from an unknown address abroad; no drill explains it',
        expectedCheckIds: ['EA-OPS-002'],
        subjectId: driftedIds.unexplainedSignIn,
      },
    ],
    apply(t) {
      const a = findUser(t, ea2);
      recordSignIn(
        t.doc,
        signInEvent(t.ctx, {
          key: unexplainedSignInKey,
          user: a,
          at: t.ctx.ago(3, 7.5),
          app: firstPartyApps.azurePortal,
          ipAddress: '198.51.100.231',
          countryOrRegion: 'RO',
          city: 'Bucharest',
          method: 'Password',
          errorCode: 53003,
          failureReason:
            'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
          appliedPolicies: [policyOutcome(t.dedicatedPolicy, 'failure')],
          browser: 'Chrome 131.0.0',
        }),
      );
    },
  },
];

/** Every mistake of the drifted tenant, for tests that assert the audit finds each one. */
export const driftedMistakes: DriftedMistake[] = drifts.flatMap((d) => d.mistakes);

/** Fabrikam before it drifted: the guide's setup done right (for tests that apply one drift). */
export function driftedBaseline(options?: ScenarioOptions): GuideTenant {
  return wellRunTenant(fabrikam, options, ['admin', 'reader', 'readerWithoutPolicy']);
}

/** Generates the `drifted` tenant. */
export function drifted(options?: ScenarioOptions): TenantDocument {
  const tenant = driftedBaseline(options);
  for (const d of drifts) d.apply(tenant);
  return tenant.doc;
}
