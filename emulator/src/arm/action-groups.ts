/**
 * Action groups (Microsoft.Insights/actionGroups): `groupShortName` (≤ 12 characters, used in SMS
 * and e-mail) and `enabled` are required; receivers get their read-only `status`.
 */
import type { RouteContext } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { invalidRequest } from './arm-common.js';
import { providerResourceRoutes, type ProviderResourceType } from './provider-resource.js';

/** Receiver collections an action group has; absent ones are answered as empty. */
const receiverKinds = [
  'emailReceivers',
  'smsReceivers',
  'webhookReceivers',
  'itsmReceivers',
  'azureAppPushReceivers',
  'automationRunbookReceivers',
  'voiceReceivers',
  'logicAppReceivers',
  'azureFunctionReceivers',
  'armRoleReceivers',
  'eventHubReceivers',
  'incidentReceivers',
] as const;

/** Receivers with a subscription status (they can unsubscribe). */
const withStatus = new Set(['emailReceivers', 'smsReceivers', 'voiceReceivers', 'azureAppPushReceivers']);

function build(
  _ctx: RouteContext,
  body: JsonObject,
  _existing: JsonObject | undefined,
  envelope: { id: string; name: string; type: string; location: string; tags?: unknown },
): JsonObject {
  const props = (body['properties'] ?? {}) as JsonObject;
  const shortName = props['groupShortName'];
  if (typeof shortName !== 'string' || shortName.length === 0)
    throw invalidRequest("The 'groupShortName' property is required.", 'BadRequest');
  if (shortName.length > 12)
    throw invalidRequest(
      `The group short name '${shortName}' is too long. The maximum length is 12 characters.`,
      'BadRequest',
    );
  if (typeof props['enabled'] !== 'boolean')
    throw invalidRequest("The 'enabled' property is required.", 'BadRequest');
  const receivers: JsonObject = {};
  for (const kind of receiverKinds) {
    const list = Array.isArray(props[kind]) ? (props[kind] as JsonObject[]) : [];
    for (const r of list)
      if (typeof r['name'] !== 'string' || r['name'] === '')
        throw invalidRequest(`Every entry of '${kind}' needs a name.`, 'BadRequest');
    receivers[kind] = withStatus.has(kind)
      ? list.map((r) => ({ ...r, status: r['status'] ?? 'Enabled' }))
      : list;
  }
  return {
    ...envelope,
    properties: { ...props, groupShortName: shortName, enabled: props['enabled'], ...receivers },
  };
}

const actionGroupType: ProviderResourceType = {
  kind: 'actionGroups',
  type: 'Microsoft.Insights/actionGroups',
  namePattern: /^[^%&:\\/?<>*#|+]{1,260}$/,
  keepLocationCase: true,
  build,
};

/** The action-group routes. */
export const actionGroupRoutes = providerResourceRoutes(actionGroupType, 'arm-action-groups');
