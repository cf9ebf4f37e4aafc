/**
 * The ARM writes apply makes, through Microsoft's SDK clients where they cover the resource —
 * `@azure/arm-resources` (resource groups), `@azure/arm-operationalinsights` (workspaces, a
 * long-running operation), `@azure/arm-monitor` (action groups, scheduled query rules) — and a raw
 * ARM call through the same pipeline for `microsoft.aadiam/diagnosticSettings`, which no SDK covers.
 * Plans carry ARM's wire shape (`{ location, properties }`); the SDK models are flattened, so the
 * properties are lifted here.
 */
import type { Connection } from '../clients/connection.js';
import {
  aadiamDiagnosticSettings,
  armCall,
  monitorClient,
  operationalInsightsClient,
  resourceManagementClient,
} from '../clients/arm.js';
import type { ArmPort } from './ports.js';

interface WireBody {
  location?: string;
  kind?: string;
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
}

const flatten = ({ properties, ...rest }: WireBody) => ({ ...rest, ...(properties ?? {}) });

/** The parts of an ARM id this port needs. */
export function parseResourceId(id: string): {
  subscriptionId?: string;
  resourceGroup?: string;
  provider?: string;
  name: string;
} {
  const aadiam = /^\/providers\/microsoft\.aadiam\/diagnosticSettings\/([^/]+)$/i.exec(id);
  if (aadiam) return { provider: 'microsoft.aadiam/diagnosticSettings', name: aadiam[1]! };
  const match =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)(?:\/providers\/([^/]+\/[^/]+)\/([^/]+))?$/i.exec(id);
  if (!match) throw new Error(`internal: unsupported resource id ${id}`);
  return {
    subscriptionId: match[1]!,
    resourceGroup: match[2]!,
    ...(match[3] ? { provider: match[3] } : {}),
    name: match[4] ?? match[2]!,
  };
}

/** The ArmPort of a connection. */
export function armPort(connection: Connection): ArmPort {
  return {
    async put<T>(resourceId: string, _apiVersion: string, body: unknown): Promise<T> {
      const wire = body as WireBody;
      const { subscriptionId, resourceGroup, provider, name } = parseResourceId(resourceId);
      switch (provider?.toLowerCase()) {
        case undefined:
          return (await armCall(connection, () =>
            resourceManagementClient(connection, subscriptionId!).resourceGroups.createOrUpdate(name, {
              location: wire.location!,
              tags: wire.tags,
            }),
          )) as T;
        case 'microsoft.operationalinsights/workspaces':
          return (await armCall(connection, () =>
            operationalInsightsClient(connection, subscriptionId!).workspaces.createOrUpdate(
              resourceGroup!,
              name,
              flatten(wire) as never,
            ),
          )) as T;
        case 'microsoft.insights/actiongroups':
          return (await armCall(connection, () =>
            monitorClient(connection, subscriptionId!).actionGroups.createOrUpdate(
              resourceGroup!,
              name,
              flatten(wire) as never,
            ),
          )) as T;
        case 'microsoft.insights/scheduledqueryrules':
          return (await armCall(connection, () =>
            monitorClient(connection, subscriptionId!).scheduledQueryRules.createOrUpdate(
              resourceGroup!,
              name,
              flatten(wire) as never,
            ),
          )) as T;
        case 'microsoft.aadiam/diagnosticsettings':
          return (await aadiamDiagnosticSettings.put(
            connection,
            name,
            (wire.properties ?? {}) as never,
          )) as T;
        default:
          throw new Error(`internal: no writer for ${provider}`);
      }
    },
  };
}
