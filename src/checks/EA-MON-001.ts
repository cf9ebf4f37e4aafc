import type { CheckDefinition } from './types.js';
import { skipNotCollected } from './lib/collected.js';
import { diagnosticSettingView, sendsCategory } from './lib/monitoring.js';
import { armSubject, tenantSubject } from './lib/subjects.js';

const EXTRA_CATEGORIES = ['NonInteractiveUserSignInLogs', 'AuditLogs'] as const;

/** EA-MON-001: an Entra diagnostic setting sends SignInLogs (and the others) to a workspace. */
export const check: CheckDefinition = {
  id: 'EA-MON-001',
  title: 'Sign-in logs go to a Log Analytics workspace',
  area: 'monitoring',
  severity: 'high',
  rationale:
    'Entra keeps sign-in logs for 30 days at most and cannot alert on them. An Entra diagnostic setting that streams SignInLogs to a Log Analytics workspace is what makes an alert on every emergency sign-in possible; non-interactive sign-ins and audit logs complete the picture.',
  doc: 'docs/checks/EA-MON-001.md',
  evaluate(context) {
    const settings = context.snapshot.azure?.aadDiagnosticSettings;
    if (!settings) return [skipNotCollected(context, 'azure.aadDiagnosticSettings', tenantSubject(context))];
    const views = settings.map(diagnosticSettingView);
    const toWorkspace = views.filter((view) => view.workspaceId);
    const signIn = toWorkspace.filter((view) => sendsCategory(view, 'SignInLogs'));
    const summary = views.map((view) => ({
      id: view.resource.id,
      workspaceId: view.workspaceId ?? null,
      categories: [...view.enabledCategories].sort(),
    }));
    if (signIn.length === 0) {
      const elsewhere = views.some((view) => !view.workspaceId && sendsCategory(view, 'SignInLogs'));
      return [
        {
          status: 'fail',
          subject: tenantSubject(context),
          message: elsewhere
            ? 'SignInLogs are exported, but not to a Log Analytics workspace, so no log alert can watch them.'
            : 'No Entra diagnostic setting sends SignInLogs to a Log Analytics workspace.',
          evidence: { settings: summary },
        },
      ];
    }
    const missing = EXTRA_CATEGORIES.filter(
      (category) => !toWorkspace.some((view) => sendsCategory(view, category)),
    );
    // Report on the setting that carries the most of what is wanted.
    const best = [...signIn].sort(
      (a, b) =>
        EXTRA_CATEGORIES.filter((c) => sendsCategory(b, c)).length -
          EXTRA_CATEGORIES.filter((c) => sendsCategory(a, c)).length ||
        (a.resource.id < b.resource.id ? -1 : 1),
    )[0]!;
    const subject = armSubject('diagnosticSetting', best.resource);
    const evidence = { settings: summary, workspaceId: best.workspaceId, missingCategories: missing };
    return missing.length === 0
      ? [
          {
            status: 'pass',
            subject,
            message: `Diagnostic setting ${best.resource.name} sends SignInLogs, NonInteractiveUserSignInLogs and AuditLogs to ${best.workspaceId}.`,
            evidence,
          },
        ]
      : [
          {
            status: 'warn',
            subject,
            message: `SignInLogs reach ${best.workspaceId}, but ${missing.join(' and ')} are not sent to any workspace.`,
            evidence,
          },
        ];
  },
};
