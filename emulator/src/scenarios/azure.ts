/**
 * Builders for the Azure side of the guide: a subscription, the resource group, the Log
 * Analytics workspace, the Entra (`microsoft.aadiam`) diagnostic setting, an action group and
 * log search alert rules — each as ARM's GET returns it.
 */
import type { ScenarioContext } from './context.js';
import type { ArmResource, JsonObject } from './document.js';

/** Resource types as the snapshot format spells them. */
export const armTypes = {
  resourceGroup: 'Microsoft.Resources/resourceGroups',
  workspace: 'Microsoft.OperationalInsights/workspaces',
  actionGroup: 'Microsoft.Insights/actionGroups',
  scheduledQueryRule: 'Microsoft.Insights/scheduledQueryRules',
  aadDiagnosticSetting: 'microsoft.aadiam/diagnosticSettings',
} as const;

/** Every log category an Entra diagnostic setting can route (a subset of Microsoft's list). */
export const aadLogCategories = [
  'AuditLogs',
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'ProvisioningLogs',
  'RiskyUsers',
  'UserRiskEvents',
] as const;

/** A subscription as `GET /subscriptions` lists it. */
export function subscription(ctx: ScenarioContext, key: string, displayName: string): JsonObject {
  const subscriptionId = ctx.ids.subscription(key);
  return {
    id: `/subscriptions/${subscriptionId}`,
    subscriptionId,
    tenantId: ctx.tenantId,
    displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
    },
    authorizationSource: 'RoleBased',
  };
}

/** A resource group. */
export function resourceGroup(
  ctx: ScenarioContext,
  subscriptionKey: string,
  name: string,
  location: string,
  tags: Record<string, string> = {},
): ArmResource {
  return {
    id: ctx.ids.resourceGroup(subscriptionKey, name),
    name,
    type: armTypes.resourceGroup,
    location,
    tags,
    properties: { provisioningState: 'Succeeded' },
  };
}

/** A Log Analytics workspace (PerGB2018) keeping data `retentionInDays`. */
export function workspace(
  ctx: ScenarioContext,
  resourceGroupId: string,
  name: string,
  location: string,
  retentionInDays: number,
  createdDaysAgo: number,
): ArmResource {
  const id = ctx.ids.resource(resourceGroupId, armTypes.workspace, name);
  return {
    id,
    name,
    type: armTypes.workspace,
    location,
    tags: {},
    properties: {
      customerId: ctx.ids.guid(`workspace-customer:${id.toLowerCase()}`),
      provisioningState: 'Succeeded',
      sku: { name: 'PerGB2018', lastSkuUpdate: ctx.ago(createdDaysAgo) },
      retentionInDays,
      features: { legacy: 0, searchVersion: 1, enableLogAccessUsingOnlyResourcePermissions: true },
      workspaceCapping: {
        dailyQuotaGb: -1,
        quotaNextResetTime: ctx.ahead(1),
        dataIngestionStatus: 'RespectQuota',
      },
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      createdDate: ctx.ago(createdDaysAgo),
      modifiedDate: ctx.ago(createdDaysAgo),
    },
  };
}

/** An Entra diagnostic setting sending `enabled` categories to a workspace (others listed off). */
export function aadDiagnosticSetting(
  ctx: ScenarioContext,
  name: string,
  workspaceId: string,
  enabled: readonly string[],
): ArmResource {
  return {
    id: ctx.ids.aadDiagnosticSetting(name),
    name,
    type: armTypes.aadDiagnosticSetting,
    properties: {
      workspaceId,
      storageAccountId: null,
      eventHubAuthorizationRuleId: null,
      eventHubName: null,
      serviceBusRuleId: null,
      logs: aadLogCategories.map((category) => ({
        category,
        enabled: enabled.includes(category),
        retentionPolicy: { enabled: false, days: 0 },
      })),
      metrics: [],
    },
  };
}

/** An email receiver of an action group. */
export interface EmailReceiver {
  readonly name: string;
  readonly emailAddress: string;
}

/** An action group (location `Global`) with email receivers. */
export function actionGroup(
  ctx: ScenarioContext,
  resourceGroupId: string,
  name: string,
  shortName: string,
  emails: readonly EmailReceiver[],
): ArmResource {
  return {
    id: ctx.ids.resource(resourceGroupId, armTypes.actionGroup, name),
    name,
    type: armTypes.actionGroup,
    location: 'Global',
    tags: {},
    properties: {
      groupShortName: shortName,
      enabled: true,
      emailReceivers: emails.map((e) => ({ ...e, useCommonAlertSchema: true, status: 'Enabled' })),
      smsReceivers: [],
      webhookReceivers: [],
      itsmReceivers: [],
      azureAppPushReceivers: [],
      automationRunbookReceivers: [],
      voiceReceivers: [],
      logicAppReceivers: [],
      azureFunctionReceivers: [],
      armRoleReceivers: [],
      eventHubReceivers: [],
    },
  };
}

/** What makes one log search alert rule. */
export interface AlertRuleSpec {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly location: string;
  readonly severity: number;
  readonly enabled: boolean;
  readonly scopes: readonly string[];
  /** Minutes between evaluations (also the window). */
  readonly everyMinutes: number;
  readonly query: string;
  readonly actionGroups: readonly string[];
}

/** A `scheduledQueryRules` log alert: fires when the query returns more than 0 rows. */
export function logAlertRule(
  ctx: ScenarioContext,
  resourceGroupId: string,
  spec: AlertRuleSpec,
): ArmResource {
  const period = `PT${spec.everyMinutes}M`;
  return {
    id: ctx.ids.resource(resourceGroupId, armTypes.scheduledQueryRule, spec.name),
    name: spec.name,
    type: armTypes.scheduledQueryRule,
    location: spec.location,
    kind: 'LogAlert',
    tags: {},
    properties: {
      displayName: spec.displayName,
      description: spec.description,
      severity: spec.severity,
      enabled: spec.enabled,
      scopes: [...spec.scopes],
      evaluationFrequency: period,
      windowSize: period,
      criteria: {
        allOf: [
          {
            query: spec.query,
            timeAggregation: 'Count',
            dimensions: [],
            operator: 'GreaterThan',
            threshold: 0,
            failingPeriods: { numberOfEvaluationPeriods: 1, minFailingPeriodsToAlert: 1 },
          },
        ],
      },
      autoMitigate: false,
      actions: { actionGroups: [...spec.actionGroups], customProperties: {} },
      skipQueryValidation: false,
      checkWorkspaceAlertsStorageConfigured: false,
    },
  };
}
