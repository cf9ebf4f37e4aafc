/**
 * A tenant document's own consistency: a basic shape check (the fields the emulator and the
 * product rely on) and referential integrity (every id a document mentions — group members,
 * policy assignments, role principals, the diagnostic setting's workspace, alert scopes and action
 * groups, app role scopes — resolves inside the same document). Used by the scenario tests, and
 * usable on any tenant file before loading it.
 */
import type { JsonObject } from './document.js';

/** CA user-condition values that are keywords, not object ids. */
const userKeywords = new Set(['all', 'none', 'guestsorexternalusers']);
/** CA location values that are keywords, not named-location ids. */
const locationKeywords = new Set(['all', 'alltrusted']);
const policyStates = new Set(['enabled', 'disabled', 'enabledForReportingButNotEnforced']);

type Obj = JsonObject;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objs = (v: unknown): Obj[] => arr(v).filter(isObj);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const lower = (v: unknown) => String(v).toLowerCase();
const isIsoTime = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));

/** Collects problems, stopping at a limit so a broken 50,000-user file stays readable. */
class Problems {
  readonly list: string[] = [];
  constructor(private readonly limit: number) {}
  add(path: string, message: string): void {
    if (this.list.length < this.limit) this.list.push(`${path}: ${message}`);
  }
}

/** A case-insensitive id index of one or more collections. */
function index(...lists: (readonly Obj[])[]): Set<string> {
  const s = new Set<string>();
  for (const list of lists) for (const o of list) if (o.id !== undefined) s.add(lower(o.id));
  return s;
}

function checkUnique(p: Problems, path: string, items: readonly Obj[], key = 'id'): void {
  const seen = new Set<string>();
  items.forEach((o, i) => {
    const k = o[key];
    if (typeof k !== 'string' || k === '') return p.add(`${path}[${i}].${key}`, 'missing');
    if (seen.has(lower(k))) p.add(`${path}[${i}].${key}`, `duplicate ${key} ${k}`);
    seen.add(lower(k));
  });
}

/**
 * Every shape and reference problem of a tenant document, as `path: message` lines (empty when
 * the document is consistent). Stops after `limit` problems.
 */
export function findProblems(doc: unknown, limit = 50): string[] {
  const p = new Problems(limit);
  if (!isObj(doc)) return ['document: not a JSON object'];
  if (doc.formatVersion !== 1) p.add('formatVersion', 'must be 1');
  if (!isIsoTime(doc.capturedAt)) p.add('capturedAt', 'not a timestamp');
  if (doc.cloud !== undefined && !['global', 'usgov', 'china'].includes(String(doc.cloud)))
    p.add('cloud', `unknown cloud ${String(doc.cloud)}`);
  const graph = isObj(doc.graph) ? doc.graph : (p.add('graph', 'missing'), {});
  const azure = isObj(doc.azure) ? doc.azure : {};

  const users = objs(graph.users);
  const groups = objs(graph.groups);
  const policies = objs(graph.conditionalAccessPolicies);
  const roleDefs = objs(graph.roleDefinitions);
  const locations = objs(graph.namedLocations);
  const strengths = objs(graph.authenticationStrengthPolicies);
  const signIns = objs(graph.signIns);
  const resources = objs(azure.resources);
  const diagnostics = objs(azure.aadDiagnosticSettings);
  const subscriptions = objs(azure.subscriptions);

  for (const name of [
    'users',
    'groups',
    'roleDefinitions',
    'roleAssignments',
    'roleEligibilitySchedules',
    'roleAssignmentSchedules',
    'conditionalAccessPolicies',
    'namedLocations',
    'authenticationStrengthPolicies',
    'signIns',
    'directoryAudits',
  ]) {
    if (graph[name] !== undefined && !Array.isArray(graph[name])) p.add(`graph.${name}`, 'not a list');
    checkUnique(p, `graph.${name}`, objs(graph[name]));
  }
  checkUnique(p, 'graph.directoryObjects', [...users, ...groups]);
  checkUnique(p, 'azure.resources', resources);
  checkUnique(p, 'azure.aadDiagnosticSettings', diagnostics);
  checkUnique(p, 'azure.subscriptions', subscriptions, 'subscriptionId');

  // Shapes.
  const orgs = objs(graph.organization);
  const domains = new Set(orgs.flatMap((o) => objs(o.verifiedDomains).map((d) => lower(d.name))));
  if (orgs.length !== 1) p.add('graph.organization', 'must hold exactly one organization');
  if (!orgs.some((o) => objs(o.verifiedDomains).some((d) => d.isInitial === true)))
    p.add('graph.organization[0].verifiedDomains', 'no initial domain');
  users.forEach((u, i) => {
    const upn = str(u.userPrincipalName) ?? '';
    const domain = upn.slice(upn.lastIndexOf('@') + 1);
    if (!upn.includes('@') || !domains.has(domain.toLowerCase()))
      p.add(`graph.users[${i}].userPrincipalName`, `${upn} is not on a verified domain`);
    if (typeof u.accountEnabled !== 'boolean') p.add(`graph.users[${i}].accountEnabled`, 'not a boolean');
  });
  groups.forEach((g, i) => {
    if (g.members !== undefined && !arr(g.members).every((m) => typeof m === 'string'))
      p.add(`graph.groups[${i}].members`, 'not a list of ids');
    if (g.isAssignableToRole === true && arr(g.groupTypes).includes('DynamicMembership'))
      p.add(`graph.groups[${i}]`, 'a role-assignable group cannot be dynamic');
  });
  policies.forEach((pol, i) => {
    if (!policyStates.has(String(pol.state)))
      p.add(`graph.conditionalAccessPolicies[${i}].state`, `invalid state ${String(pol.state)}`);
    if (!isObj(pol.conditions) || !isObj(pol.conditions.applications))
      p.add(`graph.conditionalAccessPolicies[${i}].conditions.applications`, 'missing');
  });
  for (const [userId, methods] of Object.entries(
    isObj(graph.authenticationMethods) ? graph.authenticationMethods : {},
  )) {
    objs(methods).forEach((m, i) => {
      if (!/^#microsoft\.graph\.\w+AuthenticationMethod$/.test(String(m['@odata.type'])))
        p.add(`graph.authenticationMethods.${userId}[${i}]`, `bad @odata.type ${String(m['@odata.type'])}`);
    });
  }
  locations.forEach((l, i) => {
    if (
      !['#microsoft.graph.ipNamedLocation', '#microsoft.graph.countryNamedLocation'].includes(
        String(l['@odata.type']),
      )
    )
      p.add(`graph.namedLocations[${i}]`, 'bad @odata.type');
  });
  signIns.forEach((s, i) => {
    if (!isIsoTime(s.createdDateTime)) p.add(`graph.signIns[${i}].createdDateTime`, 'not a timestamp');
  });
  resources.forEach((r, i) => {
    const id = str(r.id) ?? '';
    if (!id.startsWith('/') || id.slice(id.lastIndexOf('/') + 1) !== r.name)
      p.add(`azure.resources[${i}]`, `name ${String(r.name)} does not end id ${id}`);
    if (typeof r.type !== 'string') p.add(`azure.resources[${i}].type`, 'missing');
  });

  // References.
  const userIds = index(users);
  const groupIds = index(groups);
  const directoryIds = index(users, groups);
  const roleIds = new Set(roleDefs.flatMap((r) => [lower(r.id), lower(r.templateId)]));
  const locationIds = index(locations);
  const strengthIds = index(strengths);
  const resourceIds = index(resources);
  const subscriptionIds = new Set(subscriptions.map((s) => lower(s.subscriptionId)));
  const workspaceIds = new Set(
    resources
      .filter((r) => lower(r.type) === 'microsoft.operationalinsights/workspaces')
      .map((r) => lower(r.id)),
  );
  const resolve = (path: string, id: unknown, known: Set<string>, what: string) => {
    if (typeof id !== 'string' || !known.has(id.toLowerCase()))
      p.add(path, `${String(id)} resolves to no ${what}`);
  };

  groups.forEach((g, i) =>
    arr(g.members).forEach((m, j) =>
      resolve(`graph.groups[${i}].members[${j}]`, m, directoryIds, 'user or group'),
    ),
  );
  policies.forEach((pol, i) => {
    const base = `graph.conditionalAccessPolicies[${i}].conditions`;
    const conditions = isObj(pol.conditions) ? pol.conditions : {};
    const u = isObj(conditions.users) ? conditions.users : {};
    for (const k of ['includeUsers', 'excludeUsers'])
      arr(u[k]).forEach(
        (v, j) => userKeywords.has(lower(v)) || resolve(`${base}.users.${k}[${j}]`, v, userIds, 'user'),
      );
    for (const k of ['includeGroups', 'excludeGroups'])
      arr(u[k]).forEach((v, j) => resolve(`${base}.users.${k}[${j}]`, v, groupIds, 'group'));
    for (const k of ['includeRoles', 'excludeRoles'])
      arr(u[k]).forEach((v, j) => resolve(`${base}.users.${k}[${j}]`, v, roleIds, 'role definition'));
    const loc = isObj(conditions.locations) ? conditions.locations : {};
    for (const k of ['includeLocations', 'excludeLocations'])
      arr(loc[k]).forEach(
        (v, j) =>
          locationKeywords.has(lower(v)) ||
          resolve(`${base}.locations.${k}[${j}]`, v, locationIds, 'named location'),
      );
    const grant = isObj(pol.grantControls) ? pol.grantControls : {};
    if (isObj(grant.authenticationStrength))
      resolve(
        `graph.conditionalAccessPolicies[${i}].grantControls.authenticationStrength.id`,
        grant.authenticationStrength.id,
        strengthIds,
        'authentication strength',
      );
  });
  for (const name of ['roleAssignments', 'roleEligibilitySchedules', 'roleAssignmentSchedules']) {
    objs(graph[name]).forEach((a, i) => {
      resolve(`graph.${name}[${i}].roleDefinitionId`, a.roleDefinitionId, roleIds, 'role definition');
      resolve(`graph.${name}[${i}].principalId`, a.principalId, directoryIds, 'user or group');
    });
  }
  for (const userId of Object.keys(isObj(graph.authenticationMethods) ? graph.authenticationMethods : {}))
    resolve(`graph.authenticationMethods.${userId}`, userId, userIds, 'user');
  signIns.forEach((s, i) => resolve(`graph.signIns[${i}].userId`, s.userId, userIds, 'user'));
  const policyIds = index(policies);
  objs(graph.directoryAudits).forEach((a, i) =>
    objs(a.targetResources).forEach((t, j) => {
      const known = t.type === 'Policy' ? policyIds : directoryIds;
      if (['User', 'Group', 'Policy'].includes(String(t.type)))
        resolve(
          `graph.directoryAudits[${i}].targetResources[${j}].id`,
          t.id,
          known,
          String(t.type).toLowerCase(),
        );
    }),
  );

  const logs = isObj(azure.logs) ? azure.logs : {};
  const logSignInIds = new Set<string>();
  for (const [ws, tables] of Object.entries(logs)) {
    resolve(`azure.logs["${ws}"]`, ws, workspaceIds, 'workspace');
    objs(isObj(tables) ? tables.SigninLogs : undefined).forEach((row, i) => {
      logSignInIds.add(lower(row.Id));
      resolve(`azure.logs["${ws}"].SigninLogs[${i}].UserId`, row.UserId, userIds, 'user');
    });
  }
  const allSignInIds = new Set([...index(signIns), ...logSignInIds]);
  objs(doc.drills).forEach((d, i) => {
    resolve(`drills[${i}].accountId`, d.accountId, userIds, 'user');
    if (typeof d.signInId === 'string') resolve(`drills[${i}].signInId`, d.signInId, allSignInIds, 'sign-in');
  });

  diagnostics.forEach((d, i) => {
    const props = isObj(d.properties) ? d.properties : {};
    if (props.workspaceId !== undefined && props.workspaceId !== null)
      resolve(
        `azure.aadDiagnosticSettings[${i}].properties.workspaceId`,
        props.workspaceId,
        workspaceIds,
        'workspace',
      );
  });
  resources.forEach((r, i) => {
    const id = lower(r.id);
    const sub = /^\/subscriptions\/([^/]+)/.exec(id)?.[1];
    if (sub !== undefined && !subscriptionIds.has(sub))
      p.add(`azure.resources[${i}].id`, `subscription ${sub} is not in azure.subscriptions`);
    const rg = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)\/providers\//.exec(id)?.[1];
    if (rg !== undefined) resolve(`azure.resources[${i}].id`, rg, resourceIds, 'resource group');
    if (lower(r.type) === 'microsoft.insights/scheduledqueryrules') {
      const props = isObj(r.properties) ? r.properties : {};
      arr(props.scopes).forEach((s, j) =>
        resolve(`azure.resources[${i}].properties.scopes[${j}]`, s, resourceIds, 'resource'),
      );
      const actions = isObj(props.actions) ? props.actions : {};
      arr(actions.actionGroups).forEach((a, j) =>
        resolve(
          `azure.resources[${i}].properties.actions.actionGroups[${j}]`,
          a,
          resourceIds,
          'action group',
        ),
      );
    }
  });

  const emulator = isObj(doc.emulator) ? doc.emulator : undefined;
  if (emulator) {
    if (orgs[0] && lower(emulator.tenantId) !== lower(orgs[0].id))
      p.add('emulator.tenantId', 'differs from the organization id');
    const apps = objs(emulator.apps);
    if (apps.filter((a) => a.default === true).length !== 1)
      p.add('emulator.apps', 'needs exactly one default app');
    checkUnique(p, 'emulator.apps', apps, 'clientId');
    apps.forEach((a, i) => {
      if (typeof a.clientSecret !== 'string' && arr(a.certificateThumbprints).length === 0)
        p.add(`emulator.apps[${i}]`, 'no credential');
      if (!arr(a.graphRoles).every((r) => typeof r === 'string'))
        p.add(`emulator.apps[${i}].graphRoles`, 'not a list of names');
      objs(a.armRoles).forEach((role, j) => {
        const scope = lower(role.scope);
        const sub = /^\/subscriptions\/([^/]+)$/.exec(scope)?.[1];
        if (sub !== undefined) {
          if (!subscriptionIds.has(sub))
            p.add(
              `emulator.apps[${i}].armRoles[${j}].scope`,
              `subscription ${sub} is not in azure.subscriptions`,
            );
        } else if (scope !== '/providers/microsoft.aadiam')
          resolve(`emulator.apps[${i}].armRoles[${j}].scope`, role.scope, resourceIds, 'resource');
      });
    });
  }
  return p.list;
}
