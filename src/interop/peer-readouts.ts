/**
 * How the two most used peer auditors will read this tenant (../shared/docs/reference/peers.md
 * §0, §1.1, §1.2), so that a user choosing a model is not surprised by them:
 *
 * - Maester MT.1005 (`Test-MtCaEmergencyAccessExists`): every CA policy in any state, except
 *   authentication-context and service-principal/agent policies, must list the configured
 *   emergency group in `excludeGroups` (users: in `excludeUsers`) — directly, no nesting, no roles.
 *   A policy that *includes* the group fails it (maester365/maester#717).
 * - Zero Trust Assessment 21835: candidates are cloud-only users with a permanent Global
 *   Administrator assignment; every registered method other than the password must be FIDO2 or a
 *   certificate; no *enabled* CA policy may target them (include minus exclude, transitive groups,
 *   roles). Exactly two qualifying accounts pass, fewer fail, more need investigating.
 *
 * Pure: a function of the audit context.
 */
import { findBreakGlassGroup } from '../checks/lib/directory.js';
import { methodTypeName } from '../checks/lib/methods.js';
import type { AuditContext, AuditResult } from '../checks/types.js';
import { joinNames } from '../lockout/audit-support.js';
import { buildDirectoryIndex, type DirectoryIndex } from '../lockout/directory.js';
import { policyName, policyTarget, usersOf } from '../lockout/policy-shape.js';
import { userScope } from '../lockout/scope.js';
import { GLOBAL_ADMINISTRATOR_ROLE } from '../lockout/well-known.js';

export type PeerReadout = NonNullable<AuditResult['interop']>[number];

const MAX_NAMED = 5;
const named = (names: string[]): string =>
  names.length <= MAX_NAMED
    ? joinNames(names)
    : `${names.slice(0, MAX_NAMED).join(', ')} and ${names.length - MAX_NAMED} more`;

/** Maester MT.1005, configured with the break-glass group (as `EmergencyAccessAccounts` of type Group). */
export function maesterReadout(context: AuditContext): PeerReadout {
  const base = { tool: 'Maester', test: 'MT.1005' };
  const policies = context.snapshot.graph.conditionalAccessPolicies;
  const group = findBreakGlassGroup(context.snapshot, context.config).group;
  if (!policies || !group) {
    return {
      ...base,
      expected: 'unknown',
      explanation: !policies
        ? 'Conditional Access policies were not collected.'
        : `The break-glass group "${context.config.group.displayName}" was not found, so there is nothing to configure Maester with.`,
    };
  }
  const considered = policies.filter((p) => policyTarget(p) === 'users');
  const missing = considered.filter(
    (p) => !usersOf(p).excludeGroups.some((g) => g.toLowerCase() === group.id.toLowerCase()),
  );
  const includesGroup = missing.filter((p) =>
    usersOf(p).includeGroups.some((g) => g.toLowerCase() === group.id.toLowerCase()),
  );
  const setup = `With Maester's EmergencyAccessAccounts set to the group "${group.displayName}" (${group.id}), MT.1005 checks ${considered.length} user-targeted policies in every state for that group in excludeGroups, directly (no nesting, no role exclusions).`;
  if (missing.length === 0)
    return { ...base, expected: 'pass', explanation: `${setup} Every one of them lists it.` };
  const dedicated =
    includesGroup.length > 0
      ? ` ${named(includesGroup.map((p) => `"${policyName(p)}"`))} ${includesGroup.length === 1 ? 'includes' : 'include'} the group on purpose${context.model === 'exclude-all' ? '' : ' (the dedicated policy of this model)'}; Maester cannot tell that from a forgotten exclusion and fails it anyway (maester365/maester#717). Under the ${context.model} model that failure is expected: note it as an accepted exception.`
      : '';
  return {
    ...base,
    expected: 'fail',
    explanation: `${setup} ${missing.length} ${missing.length === 1 ? 'does' : 'do'} not: ${named(missing.map((p) => `"${policyName(p)}"`))}.${dedicated}`,
  };
}

interface Candidate {
  id: string;
  upn: string;
  ours: boolean;
  methodsOk: boolean | undefined;
  targetedBy: string[];
}

function permanentGlobalAdmins(context: AuditContext): string[] {
  const graph = context.snapshot.graph;
  const definitions = new Map(
    (graph.roleDefinitions ?? []).map((d) => [d.id.toLowerCase(), (d.templateId ?? d.id).toLowerCase()]),
  );
  const isGa = (roleDefinitionId: string): boolean =>
    (definitions.get(roleDefinitionId.toLowerCase()) ?? roleDefinitionId.toLowerCase()) ===
    GLOBAL_ADMINISTRATOR_ROLE;
  const timeBound = new Set(
    (graph.roleAssignmentSchedules ?? [])
      .filter((s) => isGa(s.roleDefinitionId))
      .filter((s) => {
        const expiration = (s.scheduleInfo as { expiration?: { type?: string } } | null | undefined)
          ?.expiration?.type;
        return (
          (expiration !== undefined && expiration !== 'noExpiration') ||
          (s.assignmentType ?? '').toLowerCase() === 'activated'
        );
      })
      .map((s) => s.principalId.toLowerCase()),
  );
  return [
    ...new Set(
      (graph.roleAssignments ?? [])
        .filter((a) => isGa(a.roleDefinitionId) && (a.directoryScopeId ?? '/') === '/')
        .map((a) => a.principalId.toLowerCase())
        .filter((id) => !timeBound.has(id)),
    ),
  ];
}

function methodsOk(index: DirectoryIndex, userId: string): boolean | undefined {
  const methods = index.methods(userId);
  if (methods === undefined) return undefined;
  const others = methods.map((m) => methodTypeName(m)).filter((t) => t !== 'passwordAuthenticationMethod');
  return (
    others.length > 0 &&
    others.every((t) => t === 'fido2AuthenticationMethod' || t === 'x509CertificateAuthenticationMethod')
  );
}

/** Zero Trust Assessment test 21835 "Emergency access accounts are configured appropriately". */
export function zeroTrustReadout(context: AuditContext): PeerReadout {
  const base = { tool: 'Zero Trust Assessment', test: '21835' };
  const graph = context.snapshot.graph;
  if (!graph.roleAssignments || !graph.conditionalAccessPolicies || !graph.users) {
    return {
      ...base,
      expected: 'unknown',
      explanation: 'Role assignments, users or Conditional Access policies were not collected.',
    };
  }
  const index = buildDirectoryIndex(graph);
  const ours = new Set(context.accounts.map((a) => a.user?.id.toLowerCase()).filter((x): x is string => !!x));
  const enabled = graph.conditionalAccessPolicies.filter((p) => p.state === 'enabled');
  const candidates: Candidate[] = permanentGlobalAdmins(context)
    .map((id) => index.user(id))
    .filter((u) => u !== undefined && u.onPremisesSyncEnabled !== true)
    .map((u) => ({
      id: u!.id,
      upn: u!.userPrincipalName,
      ours: ours.has(u!.id.toLowerCase()),
      methodsOk: methodsOk(index, u!.id),
      targetedBy: enabled.filter((p) => userScope(p, u!.id, index).inScope).map((p) => `"${policyName(p)}"`),
    }));
  const qualifies = candidates.filter((c) => c.methodsOk === true && c.targetedBy.length === 0);
  const maybe = candidates.filter((c) => c.methodsOk === undefined && c.targetedBy.length === 0);
  const describe = (c: Candidate): string => {
    const flags = [
      c.methodsOk === undefined
        ? 'methods unknown'
        : c.methodsOk
          ? 'only phishing-resistant methods'
          : 'has a method other than FIDO2/certificate (besides the password)',
      c.targetedBy.length ? `targeted by ${named(c.targetedBy)}` : 'excluded from every enabled policy',
    ];
    return `${c.upn}${c.ours ? '' : ' (not one of the configured accounts)'}: ${flags.join(', ')}`;
  };
  const detail = candidates.length ? ` ${candidates.map(describe).join('; ')}.` : '';
  const intro = `ZTA 21835 counts cloud-only permanent Global Administrators with only FIDO2/certificate methods (besides the password) that no enabled policy targets; ${qualifies.length} qualify${maybe.length ? `, ${maybe.length} more cannot be judged` : ''}.`;
  const modelNote =
    context.model === 'exclude-all'
      ? ''
      : ` Under the ${context.model} model the enabled dedicated policy targets ${context.model === 'split' ? 'the dedicated account' : 'both accounts'}, so ZTA does not count ${context.model === 'split' ? 'it' : 'them'} as emergency accounts: that failure is expected.`;
  let expected: PeerReadout['expected'];
  if (qualifies.length > 2) expected = 'unknown';
  else if (qualifies.length + maybe.length < 2) expected = 'fail';
  else expected = maybe.length === 0 && qualifies.length === 2 ? 'pass' : 'unknown';
  const verdict =
    expected === 'pass'
      ? ' Exactly two: Pass.'
      : expected === 'fail'
        ? ' Fewer than two: Fail.'
        : qualifies.length > 2
          ? ' More than two: ZTA reports Investigate.'
          : '';
  return {
    ...base,
    expected,
    explanation: `${intro}${verdict}${detail}${expected === 'fail' ? modelNote : ''}`,
  };
}

/** The readouts the audit puts in `AuditResult.interop`. */
export function peerReadouts(context: AuditContext): PeerReadout[] {
  return [maesterReadout(context), zeroTrustReadout(context)];
}
