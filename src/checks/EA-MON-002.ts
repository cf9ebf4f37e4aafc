import type { CheckDefinition, Outcome } from './types.js';
import { skipNotCollected } from './lib/collected.js';
import { findResource, missingResources, signInWorkspaceIds } from './lib/monitoring.js';
import { armSubject, tenantSubject } from './lib/subjects.js';

/** Log Analytics' default interactive retention when `retentionInDays` is absent. */
const DEFAULT_RETENTION_DAYS = 30;

/** EA-MON-002: the sign-in workspace keeps data long enough. */
export const check: CheckDefinition = {
  id: 'EA-MON-002',
  title: 'The sign-in workspace keeps data long enough',
  area: 'monitoring',
  severity: 'medium',
  rationale:
    'A review after an emergency, or of a misuse found late, needs the sign-ins of the weeks before. The workspace default of 30 days is too short; 90 days (configurable) is the minimum.',
  doc: 'docs/checks/EA-MON-002.md',
  evaluate(context) {
    const tenant = tenantSubject(context);
    if (!context.snapshot.azure?.aadDiagnosticSettings)
      return [skipNotCollected(context, 'azure.aadDiagnosticSettings', tenant)];
    const missing = missingResources(context, ['workspaces']);
    if (missing) return [skipNotCollected(context, missing, tenant)];
    const workspaceIds = [...signInWorkspaceIds(context)].sort();
    const minimum = context.config.audit.minRetentionDays;
    if (workspaceIds.length === 0) {
      return [
        {
          status: 'skip',
          skipReason: 'not-applicable',
          subject: tenant,
          message: 'Not applicable: no workspace receives the sign-in logs (see EA-MON-001).',
          evidence: {},
        },
      ];
    }
    return workspaceIds.map((id): Outcome => {
      const workspace = findResource(context, id);
      if (!workspace) {
        return {
          status: 'fail',
          subject: { type: 'workspace', id },
          message: `The diagnostic setting points to workspace ${id}, which does not exist or could not be read.`,
          evidence: { workspaceId: id },
        };
      }
      const raw = workspace.properties?.['retentionInDays'];
      const retention = typeof raw === 'number' ? raw : DEFAULT_RETENTION_DAYS;
      const evidence = { retentionInDays: retention, minimum, defaulted: typeof raw !== 'number' };
      const subject = armSubject('workspace', workspace);
      return retention >= minimum
        ? {
            status: 'pass',
            subject,
            message: `Workspace ${workspace.name} keeps data ${retention} days.`,
            evidence,
          }
        : {
            status: 'fail',
            subject,
            message: `Workspace ${workspace.name} keeps data ${retention} days, less than ${minimum}.`,
            evidence,
          };
    });
  },
};
