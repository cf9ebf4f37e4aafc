import type { CheckDefinition } from './types.js';
import { skipNotCollected } from './lib/collected.js';
import { key } from './lib/ids.js';
import { perAccount } from './lib/perAccount.js';
import { tenantSubject } from './lib/subjects.js';

const DAY = 86_400_000;

/** EA-OPS-001: each account has a recorded, verified drill in the last N days. */
export const check: CheckDefinition = {
  id: 'EA-OPS-001',
  title: 'Each emergency account was drilled recently',
  area: 'operations',
  severity: 'medium',
  rationale:
    'Emergency access that has not been tried is a hope, not a plan: keys get lost, policies change, alerts break. Microsoft asks for a validation at least every 90 days: sign in, do an admin task, see the alert arrive.',
  doc: 'docs/checks/EA-OPS-001.md',
  evaluate(context) {
    const drills = context.snapshot.drills;
    if (!drills) return [skipNotCollected(context, 'drills', tenantSubject(context))];
    const days = context.config.audit.drillIntervalDays;
    const since = new Date(context.now.getTime() - days * DAY);
    return perAccount(context, ({ user }) => {
      const own = drills
        .filter(
          (drill) =>
            key(drill.accountId) === key(user.id) &&
            !Number.isNaN(Date.parse(drill.at)) &&
            new Date(drill.at) <= context.now,
        )
        .sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
      const lastVerified = own.find((drill) => drill.verified);
      const evidence = {
        intervalDays: days,
        lastDrill: own[0] ?? null,
        lastVerifiedDrill: lastVerified ?? null,
      };
      if (lastVerified && new Date(lastVerified.at) >= since) {
        const due = new Date(Date.parse(lastVerified.at) + days * DAY).toISOString().slice(0, 10);
        return {
          status: 'pass',
          message: `${user.userPrincipalName} was drilled and verified on ${lastVerified.at.slice(0, 10)}; next due ${due}.`,
          evidence,
        };
      }
      const last = lastVerified
        ? `its last verified drill was on ${lastVerified.at.slice(0, 10)}`
        : own.length > 0
          ? `its drills were never verified (last started ${own[0]!.at.slice(0, 10)})`
          : 'it has never been drilled';
      return {
        status: 'fail',
        message: `${user.userPrincipalName} has no verified drill in the last ${days} days: ${last}.`,
        evidence,
      };
    });
  },
};
