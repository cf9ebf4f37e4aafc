/**
 * The explicit registry of route modules the emulator serves. To add routes, write a module that
 * exports a `RouteModule` (see docs/emulator.md, "How to add a route") and list it here.
 */
import { aadDiagnosticSettingRoutes } from './arm/aad-diagnostic-settings.js';
import { actionGroupRoutes } from './arm/action-groups.js';
import { resourceGroupRoutes } from './arm/resource-groups.js';
import { scheduledQueryRuleRoutes } from './arm/scheduled-query-rules.js';
import { subscriptionRoutes } from './arm/subscriptions.js';
import { workspaceRoutes } from './arm/workspaces.js';
import { controlRoutes } from './control/routes.js';
import { authenticationStrengthRoutes } from './graph/authentication-strengths.js';
import { conditionalAccessEvaluateRoutes } from './graph/conditional-access-evaluate.js';
import { conditionalAccessPolicyRoutes } from './graph/conditional-access-policies.js';
import { namedLocationRoutes } from './graph/named-locations.js';
import { auditLogRoutes } from './graph/audit-logs.js';
import { authenticationMethodRoutes } from './graph/authentication-methods.js';
import { batchRoutes } from './graph/batch.js';
import { directoryRoutes } from './graph/directory.js';
import { groupRoutes } from './graph/groups.js';
import { roleManagementRoutes } from './graph/role-management.js';
import { userRoutes } from './graph/users.js';
import type { RouteModule } from './http/types.js';
import { identityRoutes } from './identity/routes.js';
import { alertsManagementRoutes } from './monitoring/alerts-management-routes.js';
import { monitoringControlRoutes } from './monitoring/control-routes.js';
import { logAnalyticsRoutes } from './monitoring/log-analytics-routes.js';

/** Every route module, in no particular order (paths must not collide). */
export const routeModules: readonly RouteModule[] = [
  controlRoutes,
  identityRoutes,
  directoryRoutes,
  userRoutes,
  groupRoutes,
  roleManagementRoutes,
  authenticationMethodRoutes,
  auditLogRoutes,
  batchRoutes,
  // Conditional Access, What If and ARM (emuca).
  conditionalAccessPolicyRoutes,
  namedLocationRoutes,
  authenticationStrengthRoutes,
  conditionalAccessEvaluateRoutes,
  subscriptionRoutes,
  resourceGroupRoutes,
  workspaceRoutes,
  aadDiagnosticSettingRoutes,
  scheduledQueryRuleRoutes,
  actionGroupRoutes,
  // Monitoring: sign-in simulation, Log Analytics, fired alerts, mailbox (emumon).
  monitoringControlRoutes,
  logAnalyticsRoutes,
  alertsManagementRoutes,
];
