/**
 * Log search alert rules (Microsoft.Insights/scheduledQueryRules), in the 2021-08-01 …
 * 2025-01-01-preview shape: `enabled`, `scopes` and `criteria.allOf[].query` required, severity
 * 0–4, ISO 8601 durations, `kind` LogAlert by default. Read-only properties are added.
 *
 * Like Azure Monitor, every condition's query is validated on create and update unless
 * `skipQueryValidation` is true: it must parse and bind against the workspace's tables, or the
 * write is refused with Log Analytics' 400 `BadArgumentError` (inner `SyntaxError` or
 * `SemanticError`, the innermost error naming the problem).
 */
import type { RouteContext } from '../http/types.js';
import { serviceHttpError } from '../kql/errors.js';
import { validateKql } from '../kql/validation.js';
import type { JsonObject } from '../tenant/schema.js';
import { invalidRequest } from './arm-common.js';
import { providerResourceRoutes, type ProviderResourceType } from './provider-resource.js';

const durationPattern = /^P(?:\d+D)?(?:T(?:\d+H)?(?:\d+M)?(?:\d+S)?)?$/;
const operators = ['Equals', 'GreaterThan', 'GreaterThanOrEqual', 'LessThan', 'LessThanOrEqual'];
const aggregations = ['Count', 'Average', 'Minimum', 'Maximum', 'Total'];

function checkDuration(props: JsonObject, key: string): void {
  const value = props[key];
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || value === 'P' || value.endsWith('T') || !durationPattern.test(value)) {
    throw invalidRequest(
      `The '${key}' value '${String(value)}' is not a valid ISO 8601 duration.`,
      'BadRequest',
    );
  }
}

/**
 * Refuses the write when a condition's query would not parse or bind, unless the caller asked
 * Azure to skip that check. The body's `correlationId` is the one ARM returns in
 * `x-ms-correlation-request-id`, so a caller can match the two.
 */
function validateQueries(ctx: RouteContext, props: JsonObject, conditions: readonly JsonObject[]): void {
  if (props['skipQueryValidation'] === true) return;
  for (const condition of conditions) {
    const error = validateKql(String(condition['query']));
    if (error) throw serviceHttpError(error, ctx.clientRequestId ?? ctx.requestId, 'alertRule');
  }
}

function build(
  ctx: RouteContext,
  body: JsonObject,
  _existing: JsonObject | undefined,
  envelope: { id: string; name: string; type: string; location: string; tags?: unknown },
): JsonObject {
  const props = (body['properties'] ?? {}) as JsonObject;
  if (typeof props['enabled'] !== 'boolean')
    throw invalidRequest("The 'enabled' property is required.", 'BadRequest');
  const scopes = props['scopes'];
  if (!Array.isArray(scopes) || scopes.length === 0)
    throw invalidRequest(
      "The 'scopes' property is required and must contain at least one resource id.",
      'BadRequest',
    );
  const severity = props['severity'];
  if (
    severity !== undefined &&
    (typeof severity !== 'number' || !Number.isInteger(severity) || severity < 0 || severity > 4)
  ) {
    throw invalidRequest(
      `The severity '${String(severity)}' is invalid. Allowed values are 0 to 4.`,
      'BadRequest',
    );
  }
  for (const key of ['evaluationFrequency', 'windowSize', 'overrideQueryTimeRange', 'muteActionsDuration'])
    checkDuration(props, key);
  const conditions = ((props['criteria'] as JsonObject | undefined)?.['allOf'] ?? []) as JsonObject[];
  if (!Array.isArray(conditions) || conditions.length === 0)
    throw invalidRequest("The 'criteria.allOf' property must contain at least one condition.", 'BadRequest');
  for (const condition of conditions) {
    if (typeof condition['query'] !== 'string' || condition['query'].trim() === '')
      throw invalidRequest('Every condition needs a query.', 'BadRequest');
    if (condition['operator'] !== undefined && !operators.includes(String(condition['operator'])))
      throw invalidRequest(`Invalid operator '${String(condition['operator'])}'.`, 'BadRequest');
    if (
      condition['timeAggregation'] !== undefined &&
      !aggregations.includes(String(condition['timeAggregation']))
    ) {
      throw invalidRequest(
        `Invalid timeAggregation '${String(condition['timeAggregation'])}'.`,
        'BadRequest',
      );
    }
    const failing = condition['failingPeriods'] as JsonObject | undefined;
    if (
      failing &&
      Number(failing['minFailingPeriodsToAlert'] ?? 1) > Number(failing['numberOfEvaluationPeriods'] ?? 1)
    ) {
      throw invalidRequest(
        'minFailingPeriodsToAlert must not exceed numberOfEvaluationPeriods.',
        'BadRequest',
      );
    }
  }
  validateQueries(ctx, props, conditions);
  return {
    ...envelope,
    kind: body['kind'] ?? 'LogAlert',
    ...(body['identity'] ? { identity: body['identity'] } : {}),
    properties: {
      createdWithApiVersion: ctx.query.get('api-version'),
      isLegacyLogAnalyticsRule: false,
      isWorkspaceAlertsStorageConfigured: false,
      autoMitigate: true,
      skipQueryValidation: false,
      ...props,
    },
  };
}

const ruleType: ProviderResourceType = {
  kind: 'scheduledQueryRules',
  type: 'Microsoft.Insights/scheduledQueryRules',
  namePattern: /^[^*#&+:<>?@%{}\\/]{1,260}$/,
  build,
};

/** The alert-rule routes. */
export const scheduledQueryRuleRoutes = providerResourceRoutes(ruleType, 'arm-scheduled-query-rules');
