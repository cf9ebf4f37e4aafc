/**
 * Tenant documents the benchmarks load into an emulator (`PUT /_emulator/tenants/{id}`), derived
 * from a scenario's export with its apps (`GET /_emulator/snapshot?emulator=true`). Pure functions
 * of that export, so they are tested without an emulator.
 */

/** A tenant document as the control plane exchanges it (snapshot format plus the `emulator` key). */
export type TenantDocument = Record<string, unknown> & {
  graph: Record<string, unknown>;
  azure?: Record<string, unknown>;
  emulator?: { tenantId?: string; [key: string]: unknown };
};

type Json = Record<string, unknown>;

/** The export's tenant id and initial domain (`…onmicrosoft.com`). */
export function identityOf(document: TenantDocument): { tenantId: string; initialDomain: string } {
  const organization = (document.graph.organization as Json[] | undefined)?.[0];
  const tenantId = String(document.emulator?.tenantId ?? organization?.id ?? '');
  const domains = (organization?.verifiedDomains ?? []) as { name?: string; isInitial?: boolean }[];
  const initialDomain = domains.find((d) => d.isInitial)?.name ?? '';
  if (!tenantId || !initialDomain)
    throw new Error('the base tenant has no organization with an initial domain');
  return { tenantId, initialDomain };
}

/** A GUID that numbers one generated object, recognisably (`…-8000-00000000002a`). */
export function numberedGuid(prefix: string, n: number): string {
  if (!/^[0-9a-f]{8}$/.test(prefix)) throw new RangeError('prefix must be 8 hex digits');
  return `${prefix}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

/**
 * Activity and history an audit reads but that only makes a tenant bigger: sign-ins, directory
 * audits, workspace logs and drills. A fleet tenant without them loads fast and audits the same way
 * (findings about activity aside).
 */
export function withoutActivity(document: TenantDocument): TenantDocument {
  const { drills: _drills, ...rest } = document;
  const { signIns: _signIns, directoryAudits: _audits, ...graph } = document.graph;
  const out: TenantDocument = { ...rest, graph };
  if (document.azure) {
    const { logs: _logs, ...azure } = document.azure;
    out.azure = azure;
  }
  return out;
}

/**
 * Tenant number `index` of a fleet: the base tenant with its own tenant id, initial domain and
 * name. Every occurrence of the base's id and domain is replaced (they appear in UPNs, resource
 * ids, token audiences…), so nothing points back at the base tenant.
 */
export function fleetTenant(
  base: TenantDocument,
  index: number,
): { tenantId: string; document: TenantDocument } {
  const { tenantId: baseId, initialDomain } = identityOf(base);
  const tenantId = numberedGuid('f1ee7000', index);
  const label = `fleet${String(index).padStart(4, '0')}`;
  const text = JSON.stringify(base)
    .split(baseId)
    .join(tenantId)
    .split(initialDomain)
    .join(`${label}.onmicrosoft.com`);
  const document = JSON.parse(text) as TenantDocument;
  const organization = (document.graph.organization as Json[] | undefined)?.[0];
  if (organization) organization.displayName = `Fleet tenant ${index}`;
  return { tenantId, document };
}

/** Whether a policy's users condition names `groupId` among the excluded groups. */
function excludesGroup(policy: Json, groupId: string): boolean {
  const users = (policy.conditions as Json | undefined)?.users as Json | undefined;
  return ((users?.excludeGroups as string[] | undefined) ?? []).some(
    (id) => id.toLowerCase() === groupId.toLowerCase(),
  );
}

/**
 * The base tenant with exactly `count` Conditional Access policies, none excluding the group
 * named `groupName` (which stays in the tenant): copies of the base's first enabled policy that
 * requires MFA of all users for all apps, each with its own id and name, and the group taken out of
 * its exclusions. Every other policy is dropped, and so is Azure (no subscription is visible, so
 * monitoring is deferred), so a plan for the `exclude-all` model is exactly `count` exclusions.
 */
export function tenantWithUnexcludedPolicies(
  base: TenantDocument,
  groupName: string,
  count: number,
): { document: TenantDocument; groupId: string } {
  const group = ((base.graph.groups ?? []) as Json[]).find((g) => g.displayName === groupName);
  if (!group) throw new Error(`the base tenant has no group "${groupName}"`);
  const groupId = String(group.id);
  const template = ((base.graph.conditionalAccessPolicies ?? []) as Json[]).find((p) => {
    const conditions = p.conditions as Json;
    const users = conditions.users as Json;
    const apps = conditions.applications as Json;
    const grant = p.grantControls as Json | null;
    return (
      p.state === 'enabled' &&
      (users.includeUsers as string[]).includes('All') &&
      (apps.includeApplications as string[]).includes('All') &&
      ((grant?.builtInControls as string[] | undefined) ?? []).includes('mfa')
    );
  });
  if (!template) throw new Error('the base tenant has no enabled MFA policy for all users to copy');
  const policies = Array.from({ length: count }, (_, i): Json => {
    const copy = structuredClone(template);
    const users = (copy.conditions as Json).users as Json;
    users.excludeGroups = ((users.excludeGroups as string[]) ?? []).filter(
      (id) => id.toLowerCase() !== groupId.toLowerCase(),
    );
    return {
      ...copy,
      id: numberedGuid('bec0a000', i + 1),
      displayName: `CA7${String(i + 1).padStart(2, '0')}-Bench-AnyApp-AnyPlatform-MFA`,
    };
  });
  if (policies.some((p) => excludesGroup(p, groupId)))
    throw new Error('internal: a copy still excludes the group');
  const { azure: _azure, ...rest } = base;
  return { document: { ...rest, graph: { ...base.graph, conditionalAccessPolicies: policies } }, groupId };
}
