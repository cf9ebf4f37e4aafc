/**
 * Preflight: before any write, everything the plan needs is checked, and a missing piece stops
 * the apply before it starts, with the exact fix. Checked here (pure): the Graph permissions the
 * credential's token carries against those each step needs, named one by one; an Entra ID P1 (or
 * P2) licence; security defaults off (Conditional Access cannot run beside them); and, for the
 * role-assignable group, RoleManagement.ReadWrite.Directory.
 */
import type { Snapshot } from '../snapshot/schema.js';
import type { Change, Plan, ResourceKind } from '../plan/types.js';
import { accessFor } from '../clients/permissions.js';

/** Operation ids (src/clients/permissions.ts) each kind of change performs. */
const operationsByKind: Record<ResourceKind, string[]> = {
  group: ['groups.read', 'groups.create'],
  'ca-exclusion': ['ca.policies.read', 'ca.policies.write', 'groups.read', 'users.read'],
  account: ['users.read', 'users.write'],
  'group-membership': ['groups.members.write'],
  'account-enable': ['users.write'],
  'role-assignment': ['roles.read', 'roles.write'],
  'email-method': ['authMethods.email.write'],
  'temporary-access-pass': ['authMethods.tap.write'],
  // Reads the account's methods again (is a FIDO2 key still there?), then deletes one.
  'person-tied-method': [
    'authMethods.read',
    'authMethods.phone.write',
    'authMethods.authenticatorApp.write',
    'authMethods.softwareOath.write',
  ],
  'dedicated-policy': ['ca.policies.read', 'ca.policies.write', 'groups.read', 'users.read'],
  'resource-group': ['arm.resourceGroups.write'],
  workspace: ['arm.workspaces.write'],
  'diagnostic-setting': ['arm.aadiamDiagnosticSettings.write'],
  'action-group': ['arm.alerts.write'],
  'alert-rule': ['arm.alerts.write'],
};

/** What the credential carries: application roles (app-only) or delegated scopes, if known. */
export interface GrantedAccess {
  /** Permissions in the token; undefined when the token could not be read (opaque token). */
  permissions?: string[];
  kind: 'application' | 'delegated' | 'unknown';
}

export interface PreflightProblem {
  what: string;
  fix: string;
}

/** Permissions one needs, with an alternative that also satisfies it. */
const sufficientAlternatives: Record<string, string[]> = {
  'Policy.Read.All': ['Policy.ReadWrite.ConditionalAccess'],
  'User.Read.All': ['User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Group.Read.All': ['Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'GroupMember.Read.All': [
    'GroupMember.ReadWrite.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
  ],
  'RoleManagement.Read.Directory': ['RoleManagement.ReadWrite.Directory', 'Directory.Read.All'],
  'User.ReadWrite.All': ['Directory.ReadWrite.All'],
  'Group.Create': ['Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  'UserAuthMethod-TAP.ReadWrite.All': ['UserAuthenticationMethod.ReadWrite.All'],
  'UserAuthMethod-Email.ReadWrite.All': ['UserAuthenticationMethod.ReadWrite.All'],
  'UserAuthenticationMethod.Read.All': ['UserAuthenticationMethod.ReadWrite.All'],
};

const has = (granted: Set<string>, permission: string) =>
  granted.has(permission.toLowerCase()) ||
  (sufficientAlternatives[permission] ?? []).some((p) => granted.has(p.toLowerCase()));

/** The problems that stop this plan; an empty list means go. Pure. */
export function preflight(plan: Plan, snapshot: Snapshot, access: GrantedAccess): PreflightProblem[] {
  const problems: PreflightProblem[] = [];
  const writes = plan.changes.filter((c: Change) => c.action !== 'no-op' && c.action !== 'manual');
  if (writes.length === 0) return problems;

  const skus = snapshot.graph.subscribedSkus;
  if (
    skus &&
    !skus.some((sku) =>
      (sku.servicePlans ?? []).some(
        (p) => p.servicePlanName === 'AAD_PREMIUM' || p.servicePlanName === 'AAD_PREMIUM_P2',
      ),
    )
  ) {
    problems.push({
      what: 'the tenant has no Entra ID P1 or P2 licence, so Conditional Access cannot run',
      fix: 'buy or trial Microsoft Entra ID P1 (or a suite that includes it), then run apply again',
    });
  }
  if (snapshot.graph.securityDefaults?.isEnabled) {
    problems.push({
      what: 'security defaults are on, and Conditional Access policies cannot be used beside them',
      fix: 'Entra admin center → Identity → Overview → Properties → Manage security defaults → Disabled (after your CA policies cover MFA), then run apply again',
    });
  }

  // The known trap (api-facts §0.6): Entra diagnostic settings refuse a service principal unless it
  // holds an Azure role at /providers/Microsoft.aadiam, whatever its Entra roles. The collector's
  // read of them failing with 403 is the tell.
  const diagnosticRead = snapshot.collectionErrors?.['aadDiagnosticSettings'];
  if (
    writes.some((c) => c.kind === 'diagnostic-setting') &&
    diagnosticRead?.reason === 'missing-permission'
  ) {
    problems.push({
      what: 'the credential may not read or write Entra diagnostic settings (microsoft.aadiam): a service principal needs an Azure role at scope /providers/Microsoft.aadiam, whatever its Entra roles',
      fix: 'as a Global Administrator with elevated access: az role assignment create --assignee <client id> --role "Monitoring Contributor" --scope /providers/Microsoft.aadiam (or use a user with Security Administrator)',
    });
  }

  if (access.permissions) {
    const granted = new Set(access.permissions.map((p) => p.toLowerCase()));
    const kinds = [...new Set(writes.map((c) => c.kind))];
    const graphNeeded = accessFor(kinds.flatMap((k) => operationsByKind[k])).graph;
    if (writes.some((c) => c.kind === 'group-membership' || (c.kind === 'group' && c.action === 'create')))
      graphNeeded.push('RoleManagement.ReadWrite.Directory');
    for (const permission of [...new Set(graphNeeded)].sort()) {
      if (!has(granted, permission)) {
        const why = writes
          .filter((c) => operationsByKind[c.kind].some((id) => accessFor([id]).graph.includes(permission)))
          .map((c) => c.address);
        problems.push({
          what: `the credential lacks the Graph ${access.kind === 'delegated' ? 'scope' : 'application permission'} ${permission}${why.length ? ` (needed by ${why.slice(0, 3).join(', ')}${why.length > 3 ? ', …' : ''})` : ' (role-assignable group membership)'}`,
          fix: `Entra admin center → App registrations → the app → API permissions → Add ${permission} (Microsoft Graph, ${access.kind === 'delegated' ? 'delegated' : 'application'}) → Grant admin consent`,
        });
      }
    }
  }
  return problems;
}

/** Reads the permissions out of an access token (a JWT); undefined parts when it is opaque. */
export function grantedAccessOf(accessToken: string): GrantedAccess {
  const payload = accessToken.split('.')[1];
  if (!payload) return { kind: 'unknown' };
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      roles?: string[];
      scp?: string;
    };
    if (Array.isArray(claims.roles)) return { kind: 'application', permissions: claims.roles };
    if (typeof claims.scp === 'string') return { kind: 'delegated', permissions: claims.scp.split(' ') };
  } catch {
    // An opaque token: nothing to read, so the API's own 403s (which name the permission) decide.
  }
  return { kind: 'unknown' };
}
