import type { CheckDefinition, Outcome } from './types.js';
import { skipNotApplicable, skipNotCollected } from './lib/collected.js';
import { accountSignIns, DRILL_WINDOW, matchingDrill, signInSourcesCollected } from './lib/signIns.js';
import { tenantSubject } from './lib/subjects.js';

const DAY = 86_400_000;

/** EA-OPS-002: every sign-in of an account in the review window matches a recorded drill. */
export const check: CheckDefinition = {
  id: 'EA-OPS-002',
  title: 'Every emergency sign-in is explained by a drill',
  area: 'operations',
  severity: 'critical',
  rationale:
    'Outside a real emergency, an emergency account should sign in only during a recorded drill. Any other sign-in is either an emergency nobody wrote down or misuse, and needs a review.',
  doc: 'docs/checks/EA-OPS-002.md',
  evaluate(context) {
    const tenant = tenantSubject(context);
    if (!signInSourcesCollected(context)) return [skipNotCollected(context, 'graph.signIns', tenant)];
    if (context.accounts.every((account) => !account.user))
      return [skipNotApplicable(tenant, 'no emergency accounts were found (see EA-ACC-001)')];
    const days = context.config.audit.reviewWindowDays;
    const since = new Date(context.now.getTime() - days * DAY);
    // Without drill records every sign-in is unexplained: hiding a possible misuse behind a skip would be worse.
    const drills = context.snapshot.drills ?? [];
    const signIns = accountSignIns(context, since);
    if (signIns.length === 0) {
      return [
        {
          status: 'pass',
          subject: tenant,
          message: `No emergency account signed in during the last ${days} days.`,
          evidence: { reviewWindowDays: days },
        },
      ];
    }
    return signIns.map((signIn): Outcome => {
      const drill = matchingDrill(signIn, drills);
      const subject = {
        type: 'signIn' as const,
        id: signIn.id,
        displayName: `${signIn.userPrincipalName} ${signIn.at.toISOString()}`,
      };
      const evidence = {
        accountId: signIn.accountId,
        userPrincipalName: signIn.userPrincipalName,
        at: signIn.at.toISOString(),
        sources: signIn.sources,
        appDisplayName: signIn.appDisplayName ?? null,
        ipAddress: signIn.ipAddress ?? null,
        result: signIn.result ?? null,
        drill: drill ?? null,
        drillsCollected: context.snapshot.drills !== undefined,
      };
      return drill
        ? {
            status: 'pass',
            subject,
            message: `Sign-in of ${signIn.userPrincipalName} at ${evidence.at} belongs to the drill started ${drill.at}.`,
            evidence,
          }
        : {
            status: 'fail',
            subject,
            message: `Unexplained sign-in of ${signIn.userPrincipalName} at ${evidence.at}${signIn.appDisplayName ? ` to ${signIn.appDisplayName}` : ''}${signIn.ipAddress ? ` from ${signIn.ipAddress}` : ''}: no drill recorded it or started within ${DRILL_WINDOW.afterMinutes / 60} hours before.`,
            evidence,
          };
    });
  },
};
