/**
 * Matching sign-ins to recorded drills. The window rule is the one EA-OPS-002 applies
 * (`matchingDrill` in src/checks/lib/signIns.ts: the drill that recorded the sign-in's id, else a
 * drill of the same account started at most `DRILL_WINDOW.beforeMinutes` after and at most
 * `DRILL_WINDOW.afterMinutes` before the sign-in), so `breakglass signins` and the audit can never
 * disagree about which sign-in is unexplained.
 */
import { DRILL_WINDOW, matchingDrill, type AccountSignIn } from '../checks/lib/signIns.js';
import type { Drill } from '../snapshot/schema.js';
import type { DrillRecord } from '../state/store.js';
import type { ExplainedSignIn, ReviewSignIn } from './types.js';

export { DRILL_WINDOW };

/** A state-store drill in the snapshot's form (snapshot-format.md `drills`). */
export function snapshotDrill(drill: DrillRecord): Drill {
  return {
    accountId: drill.accountId,
    at: drill.startedAt,
    verified: drill.verified,
    signInId: drill.signInId,
    alertFired: drill.alertFired,
    // Additive keys (the drill schema is open): which record, and when it was proven.
    id: drill.id,
    ...(drill.verifiedAt ? { verifiedAt: drill.verifiedAt } : {}),
  };
}

/** The drill that explains `signIn`, or undefined when none does (an unexplained sign-in). */
export function matchDrill(signIn: ReviewSignIn, drills: readonly DrillRecord[]): DrillRecord | undefined {
  const byDrill = new Map<Drill, DrillRecord>(drills.map((drill) => [snapshotDrill(drill), drill]));
  const candidate: AccountSignIn = {
    id: signIn.id,
    accountId: signIn.accountId.toLowerCase(),
    userPrincipalName: signIn.userPrincipalName,
    at: new Date(signIn.at),
    sources: [signIn.source],
  };
  const found = matchingDrill(candidate, [...byDrill.keys()]);
  return found ? byDrill.get(found) : undefined;
}

/** Every sign-in with the drill that explains it (or none). */
export function explainSignIns(
  signIns: readonly ReviewSignIn[],
  drills: readonly DrillRecord[],
): ExplainedSignIn[] {
  return signIns.map((signIn) => {
    const drill = matchDrill(signIn, drills);
    return drill
      ? {
          ...signIn,
          drill: {
            id: drill.id,
            startedAt: drill.startedAt,
            verified: drill.verified,
            verifiedAt: drill.verifiedAt,
            notes: drill.notes,
          },
        }
      : { ...signIn };
  });
}
