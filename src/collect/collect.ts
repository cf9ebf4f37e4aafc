/**
 * The collector: one tenant → one snapshot (../shared/spec/snapshot-format.md), reading what the
 * check catalogue needs in at most three rounds of requests that wait on one another
 * (../shared/spec/benchmarks.md, `audit.depth`):
 *
 * 1. Tenant facts and every list, at once: one `$batch` of the Graph reads (organization, licences,
 *    security defaults, CA policies, named locations, authentication strengths, role definitions,
 *    Global Administrator assignments and PIM schedules, the break-glass group by name, the
 *    configured accounts by UPN or id), and in parallel the ARM reads (subscriptions, Entra
 *    diagnostic settings, and the workspaces, alert rules, action groups and resource group of the
 *    configured subscription).
 * 2. What those name: one `$batch` with the group's direct members, each account's methods,
 *    groups (`transitiveMemberOf`) and roles, the groups CA policies include or exclude (15 ids per
 *    read), and the accounts' sign-ins (one read for all); ARM lists of subscriptions the diagnostic
 *    settings point at.
 * 3. Only when needed: members of groups nested in the break-glass group, roles of other
 *    role-assignable groups an account is in, and — when the accounts are known only from the group
 *    (no config) — the per-account reads.
 *
 * There is no request per CA policy or per user other than the emergency accounts, and large
 * tenants cost the same as small ones: users and groups are never listed, only looked up.
 * A read the credential may not make or the tenant is not licensed for leaves its collection out
 * and says why in `collectionErrors`; it never becomes an empty list.
 */
import { armRequest } from '../clients/arm.js';
import type { Connection } from '../clients/connection.js';
import { isApiError } from '../clients/errors.js';
import { GraphClient } from '../clients/graph.js';
import { RequestRecorder, withRecorder, type RequestStats } from '../clients/recorder.js';
import type { BreakglassConfig } from '../config/schema.js';
import { validateSnapshot } from '../snapshot/read.js';
import type { ArmResource, CollectionError, Group, Snapshot, User } from '../snapshot/schema.js';
import { armList } from './arm-list.js';
import { batchReads, type NamedRead, type ReadOutcome } from './batch-reads.js';
import { classifyError } from './collection-error.js';
import {
  accountReads,
  ARM_API_VERSIONS,
  groupByNameRead,
  GROUPS_PER_FILTER,
  groupsByIdRead,
  memberReads,
  principalRolesRead,
  signInsRead,
  subscriptionReads,
  tenantReads,
  userRead,
  usersByPrefixRead,
} from './reads.js';
import { groupsReferencedByPolicies, subscriptionsOfDiagnosticTargets } from './references.js';
import { RoundBarrier } from './round-barrier.js';
import { collectionTargets, namedAccountUpns, type AccountLookup } from './targets.js';

/** Options of `collectSnapshot`. */
export interface CollectOptions {
  /** The declared plan; without one the accounts are the members of the default break-glass group. */
  config?: BreakglassConfig;
  /** The capture instant (`capturedAt`, and the end of the sign-in review window). Default: now. */
  now?: Date;
  signal?: AbortSignal;
  /** Subscriptions scanned when neither the config nor a diagnostic setting names one (default 10). */
  maxScannedSubscriptions?: number;
}

/** What a collection produced. */
export interface CollectResult {
  /** The tenant as a snapshot; `collectionErrors` is also written into it, for offline audits. */
  snapshot: Snapshot;
  /** Per collection, why it is absent. */
  collectionErrors: Record<string, CollectionError>;
  /** Requests made, and the longest chain of requests that waited on one another. */
  requests: RequestStats;
}

/** Reads the tenant behind `connection` into a snapshot. */
export async function collectSnapshot(
  connection: Connection,
  options: CollectOptions = {},
): Promise<CollectResult> {
  const recorder = new RequestRecorder();
  const collected = await withRecorder(recorder, () => new Collector(connection, options).run());
  return { ...collected, requests: recorder.stats() };
}

/**
 * `capturedAt` for a capture made at `now`: whole seconds, as the snapshot format writes it, rounded
 * up — checks take it as "now" and ignore later sign-ins, so rounding down would drop a sign-in made
 * in the same second as the capture.
 */
export function captureInstant(now: Date): string {
  return new Date(Math.ceil(now.getTime() / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

const DEFAULT_REVIEW_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

type Json = Record<string, unknown>;

/** One collection run: its state is the snapshot being filled in and the errors met. */
class Collector {
  private readonly graph: GraphClient;
  private readonly errors: Record<string, CollectionError> = {};
  private readonly now: Date;
  private readonly users = new Map<string, User>();
  private readonly groups = new Map<string, Group>();
  private readonly roleAssignments = new Map<string, Json>();
  private rolesComplete = true;
  private readonly methods: Record<string, Json[]> = {};
  /** Ids (lower case) of the emergency accounts as resolved. */
  private readonly accountIds = new Set<string>();
  /** Principals whose role assignments have been read (lower case). */
  private readonly rolesRead = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly options: CollectOptions,
  ) {
    this.graph = new GraphClient(connection);
    this.now = options.now ?? new Date();
  }

  async run(): Promise<Omit<CollectResult, 'requests'>> {
    const rounds = new RoundBarrier(2);
    const [graphSection, azureSection] = await Promise.all([
      participate(rounds, () => this.collectGraph(rounds)),
      participate(rounds, () => this.collectAzure(rounds)),
    ]);
    const document: Json = {
      formatVersion: 1,
      capturedAt: captureInstant(this.now),
      cloud: this.connection.endpoints.cloud === 'emulator' ? 'global' : this.connection.endpoints.cloud,
      graph: graphSection,
      azure: azureSection,
    };
    if (Object.keys(this.errors).length > 0) document.collectionErrors = this.errors;
    // Our own output must be a valid snapshot; a service answering in an unexpected shape is named here.
    const snapshot = validateSnapshot(
      document,
      `the snapshot collected from tenant ${this.connection.tenantId}`,
    );
    return { snapshot, collectionErrors: { ...this.errors } };
  }

  // ---- Graph ----

  private async collectGraph(rounds: RoundBarrier): Promise<Json> {
    const config = this.options.config;
    const targets = collectionTargets(config);
    const graph: Json = {};

    // Round 1.
    const first: NamedRead[] = [
      ...Object.entries(tenantReads).map(([name, url]): NamedRead => ({
        name,
        url,
        shape: name === 'securityDefaults' ? 'entity' : 'collection',
      })),
      { name: 'group', url: groupByNameRead(targets.groupName), shape: 'collection' },
      ...accountLookupReads(targets.accounts),
      ...(targets.upnPrefix
        ? [
            {
              name: 'accountsByPrefix',
              url: usersByPrefixRead(targets.upnPrefix),
              shape: 'collection' as const,
            },
          ]
        : []),
    ];
    const r1 = await batchReads(this.graph, first, this.options.signal);
    this.failFastOnAccess(r1.get('organization'));

    for (const name of Object.keys(tenantReads)) {
      const outcome = r1.get(name);
      if (outcome?.ok) graph[name] = outcome.value;
      else if (outcome) this.fail(name, outcome.error);
    }
    if (graph.roleAssignments) for (const a of graph.roleAssignments as Json[]) this.addRoleAssignment(a);
    else this.rolesComplete = false;

    const bgGroups = this.takeGroupsByName(r1.get('group'), targets.groupName);
    this.takeAccounts(r1, targets.accounts);
    const byPrefix = r1.get('accountsByPrefix');
    if (byPrefix) this.takeUserList(byPrefix, true);

    // Round 2.
    await rounds.arrive();
    const initialDomain = initialDomainOf(graph.organization);
    const lateLookups: AccountLookup[] =
      targets.accountsAfterDomain && config && initialDomain
        ? namedAccountUpns(config, initialDomain).map((ref) => ({ ref, kind: 'userPrincipalName' }))
        : [];
    const accountsKnown = !targets.accountsFromGroup && lateLookups.length === 0;
    const referenced = groupsReferencedByPolicies(
      (graph.conditionalAccessPolicies as never[] | undefined) ?? [],
    ).filter((id) => !this.groups.has(id.toLowerCase()));
    const second: NamedRead[] = [
      ...bgGroups.flatMap((g) => this.groupReads(g.id)),
      ...chunk(referenced, GROUPS_PER_FILTER).map((ids, i): NamedRead => ({
        name: `refGroups:${i}`,
        url: groupsByIdRead(ids),
        shape: 'collection',
      })),
      ...accountLookupReads(lateLookups),
      ...(accountsKnown ? this.perAccountReads() : []),
    ];
    const r2 = await batchReads(this.graph, second, this.options.signal);
    for (const [name, outcome] of r2)
      if (name.startsWith('refGroups:')) this.takeGroupList(outcome, 'referencedGroups');
    this.takeAccounts(r2, lateLookups);
    const nested = bgGroups.flatMap((g) => this.takeMembers(r2, g.id));
    if (targets.accountsFromGroup) {
      for (const g of bgGroups)
        for (const m of this.groups.get(g.id.toLowerCase())?.members ?? [])
          if (this.users.has(m.toLowerCase())) this.accountIds.add(m.toLowerCase());
    }
    this.takePerAccount(r2);
    this.takeAllRoles(r2);

    // Round 3, only for what round 2 revealed.
    await rounds.arrive();
    const third: NamedRead[] = [
      ...nested.flatMap((id) => this.groupReads(id, false)),
      ...(accountsKnown ? [] : this.perAccountReads()),
      ...this.roleAssignableGroupsToRead().map((id): NamedRead => ({
        name: `roles:${id}`,
        url: principalRolesRead(id),
        shape: 'collection',
      })),
    ];
    const r3 = await batchReads(this.graph, third, this.options.signal);
    for (const id of nested) this.takeMembers(r3, id);
    this.takePerAccount(r3);
    this.takeAllRoles(r3);

    // A refused user look-up would make existing accounts read as missing: leave users out instead.
    if (!this.errors.users) graph.users = [...this.users.values()];
    if (!this.errors.groups) graph.groups = [...this.groups.values()];
    if (this.rolesComplete) graph.roleAssignments = [...this.roleAssignments.values()];
    else delete graph.roleAssignments;
    if (Object.keys(this.methods).length > 0 || !this.errors.authenticationMethods)
      graph.authenticationMethods = this.methods;
    const signIns = r2.get('signIns') ?? r3.get('signIns');
    if (signIns?.ok) graph.signIns = signIns.value;
    else if (signIns) this.fail('signIns', signIns.error);
    else if (this.accountIds.size === 0) graph.signIns = [];
    return graph;
  }

  /**
   * A refused organization read with 401, or no answer at all, means the tenant cannot be read:
   * that is the command failing (exit 2), not a check to skip.
   */
  private failFastOnAccess(organization: ReadOutcome | undefined): void {
    if (organization && !organization.ok && (organization.status === 401 || organization.status === 0))
      throw organization.error;
  }

  private fail(name: string, error: unknown): void {
    this.errors[name] ??= classifyError(error);
  }

  /** The reads of a group's direct members (users and groups) and, for the break-glass group, its roles. */
  private groupReads(groupId: string, withRoles = true): NamedRead[] {
    const reads = memberReads(groupId);
    const list: NamedRead[] = [
      { name: `members.users:${groupId}`, url: reads.users, shape: 'collection' },
      { name: `members.groups:${groupId}`, url: reads.groups, shape: 'collection' },
    ];
    if (withRoles && !this.rolesRead.has(groupId.toLowerCase())) {
      this.rolesRead.add(groupId.toLowerCase());
      list.push({ name: `roles:${groupId}`, url: principalRolesRead(groupId), shape: 'collection' });
    }
    return list;
  }

  /** Per-account reads: methods, groups, roles; and one sign-in read for all accounts. */
  private perAccountReads(): NamedRead[] {
    const ids = [...this.accountIds].map((id) => this.users.get(id)?.id ?? id);
    if (ids.length === 0) return [];
    const reviewDays = this.options.config?.audit.reviewWindowDays ?? DEFAULT_REVIEW_WINDOW_DAYS;
    const since = new Date(this.now.getTime() - reviewDays * DAY_MS);
    return [
      ...ids.flatMap((id): NamedRead[] => {
        const reads = accountReads(id);
        this.rolesRead.add(id.toLowerCase());
        return [
          { name: `methods:${id}`, url: reads.methods, shape: 'collection' },
          { name: `memberOf:${id}`, url: reads.memberOf, shape: 'collection' },
          { name: `roles:${id}`, url: reads.roles, shape: 'collection' },
        ];
      }),
      { name: 'signIns', url: signInsRead(ids, since), shape: 'collection' },
    ];
  }

  /** Role-assignable groups an account is in whose roles are not read yet: roles through them count for CA. */
  private roleAssignableGroupsToRead(): string[] {
    const ids: string[] = [];
    for (const group of this.groups.values()) {
      const key = group.id.toLowerCase();
      if (group.isAssignableToRole !== true || this.rolesRead.has(key)) continue;
      const holdsAccount = [...this.accountIds].some((a) =>
        this.users.get(a)?.transitiveMemberOf?.some((g) => g.toLowerCase() === key),
      );
      if (!holdsAccount) continue;
      this.rolesRead.add(key);
      ids.push(group.id);
    }
    return ids;
  }

  private takeGroupsByName(outcome: ReadOutcome | undefined, name: string): Group[] {
    if (!outcome) return [];
    if (!outcome.ok) {
      this.fail('groups', outcome.error);
      return [];
    }
    const found = (outcome.value as Group[])
      .filter((g) => (g.displayName ?? '').toLowerCase() === name.toLowerCase())
      .map((g) => stripOdata(g) as Group);
    for (const g of found) this.groups.set(g.id.toLowerCase(), g);
    return found;
  }

  private takeGroupList(outcome: ReadOutcome, errorName: string): void {
    if (!outcome.ok) return this.fail(errorName, outcome.error);
    for (const g of outcome.value as Group[])
      if (!this.groups.has(g.id.toLowerCase())) this.groups.set(g.id.toLowerCase(), stripOdata(g) as Group);
  }

  /** Accounts looked up one by one: 404 means the account does not exist (EA-ACC-001 reports it). */
  private takeAccounts(outcomes: Map<string, ReadOutcome>, lookups: readonly AccountLookup[]): void {
    for (const lookup of lookups) {
      const outcome = outcomes.get(`account:${lookup.ref}`);
      if (!outcome) continue;
      if (outcome.ok) this.addUser(outcome.value as User, true);
      else if (outcome.status !== 404) this.fail('users', outcome.error);
    }
  }

  private takeUserList(outcome: ReadOutcome, asAccounts: boolean): void {
    if (!outcome.ok) return this.fail('users', outcome.error);
    for (const user of outcome.value as User[]) this.addUser(user, asAccounts);
  }

  private addUser(user: User, isAccount: boolean): void {
    const key = user.id.toLowerCase();
    this.users.set(key, { ...this.users.get(key), ...(stripOdata(user) as User) });
    if (isAccount) this.accountIds.add(key);
  }

  /** Records a group's direct members; returns the ids of member groups (nesting to look into). */
  private takeMembers(outcomes: Map<string, ReadOutcome>, groupId: string): string[] {
    const users = outcomes.get(`members.users:${groupId}`);
    const groups = outcomes.get(`members.groups:${groupId}`);
    if (!users || !groups) return [];
    if (!users.ok || !groups.ok) {
      this.fail('groupMembers', users.ok ? (groups as { error: Error }).error : users.error);
      return [];
    }
    const memberUsers = users.value as User[];
    const memberGroups = groups.value as Group[];
    for (const u of memberUsers) this.addUser(u, false);
    for (const g of memberGroups)
      if (!this.groups.has(g.id.toLowerCase())) this.groups.set(g.id.toLowerCase(), stripOdata(g) as Group);
    const key = groupId.toLowerCase();
    const group = this.groups.get(key) ?? ({ id: groupId } as Group);
    this.groups.set(key, { ...group, members: [...memberUsers, ...memberGroups].map((m) => m.id) });
    return memberGroups
      .map((g) => g.id)
      .filter((id) => this.groups.get(id.toLowerCase())?.members === undefined);
  }

  private takeRoles(outcome: ReadOutcome): void {
    if (!outcome.ok) {
      this.rolesComplete = false;
      this.fail('roleAssignments', outcome.error);
      return;
    }
    for (const a of outcome.value as Json[]) this.addRoleAssignment(a);
  }

  private addRoleAssignment(assignment: Json): void {
    if (typeof assignment.id === 'string') this.roleAssignments.set(assignment.id.toLowerCase(), assignment);
  }

  /** Methods and groups of each account, from whichever round read them. */
  private takePerAccount(outcomes: Map<string, ReadOutcome>): void {
    for (const key of this.accountIds) {
      const id = this.users.get(key)?.id ?? key;
      const methods = outcomes.get(`methods:${id}`);
      if (methods?.ok) this.methods[id] = methods.value as Json[];
      else if (methods) this.fail('authenticationMethods', methods.error);
      const memberOf = outcomes.get(`memberOf:${id}`);
      if (memberOf?.ok) {
        const groups = (memberOf.value as Json[]).filter(isGroupObject);
        const user = this.users.get(key);
        if (user) this.users.set(key, { ...user, transitiveMemberOf: groups.map((g) => String(g.id)) });
        for (const g of groups) {
          const gid = String(g.id).toLowerCase();
          if (!this.groups.has(gid)) this.groups.set(gid, stripOdata(g) as Group);
        }
      } else if (memberOf) this.fail('transitiveMemberOf', memberOf.error);
    }
  }

  /** Every `roles:{principal}` read of a round (accounts, the break-glass group, role-assignable groups). */
  private takeAllRoles(outcomes: Map<string, ReadOutcome>): void {
    for (const [name, outcome] of outcomes) if (name.startsWith('roles:')) this.takeRoles(outcome);
  }

  // ---- Azure ----

  private async collectAzure(rounds: RoundBarrier): Promise<Json> {
    const { connection } = this;
    const signal = this.options.signal;
    const monitoring = this.options.config?.monitoring;
    const azure: Json = {};
    const resources: ArmResource[] = [];
    const scanned = new Set<string>();

    const attempt = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
      try {
        return await work();
      } catch (error) {
        if ((error as { name?: string }).name === 'AbortError') throw error;
        this.fail(name, error);
        return undefined;
      }
    };
    const scan = async (subscriptionId: string): Promise<void> => {
      if (scanned.has(subscriptionId.toLowerCase())) return;
      scanned.add(subscriptionId.toLowerCase());
      await Promise.all(
        Object.entries(subscriptionReads(subscriptionId)).map(async ([name, read]) => {
          const items = await attempt(name, () =>
            armList<ArmResource>(connection, read.path, read.apiVersion, signal),
          );
          if (items) resources.push(...items);
        }),
      );
    };

    const configured = monitoring?.subscriptionId;
    const firstScan = configured ? scan(configured) : Promise.resolve();
    const resourceGroup = configured
      ? attempt('resourceGroups', () =>
          findArm<ArmResource>(
            connection,
            `/subscriptions/${encodeURIComponent(configured)}/resourcegroups/${encodeURIComponent(monitoring.resourceGroup)}`,
            ARM_API_VERSIONS.resourceGroups,
          ),
        )
      : Promise.resolve(undefined);
    const [subscriptions, diagnosticSettings] = await Promise.all([
      attempt('subscriptions', () =>
        armList<Json>(connection, '/subscriptions', ARM_API_VERSIONS.subscriptions, signal),
      ),
      attempt('aadDiagnosticSettings', () =>
        armList<ArmResource>(
          connection,
          '/providers/microsoft.aadiam/diagnosticSettings',
          ARM_API_VERSIONS.aadDiagnosticSettings,
          signal,
        ),
      ),
    ]);
    if (subscriptions) azure.subscriptions = subscriptions;
    if (diagnosticSettings) azure.aadDiagnosticSettings = diagnosticSettings;
    await Promise.all([firstScan, resourceGroup]);

    // Round 2: the subscriptions the diagnostic settings point at (or, failing that, all visible ones).
    await rounds.arrive();

    const more = subscriptionsOfDiagnosticTargets(diagnosticSettings ?? []);
    if (!configured && more.length === 0 && subscriptions) {
      // Nothing says where monitoring lives: look in the subscriptions the identity can see.
      const limit = this.options.maxScannedSubscriptions ?? 10;
      more.push(
        ...subscriptions
          .map((s) => String(s.subscriptionId ?? ''))
          .filter(Boolean)
          .slice(0, limit),
      );
    }
    await Promise.all([firstScan, ...more.map(scan)]);
    const group = await resourceGroup;
    if (group) resources.push(group);
    if (scanned.size > 0 || group) azure.resources = resources;
    else if (subscriptions) {
      this.errors.resources ??= {
        reason: 'not-collected',
        detail:
          'no Azure subscription is visible to the credential and none is configured (monitoring.subscriptionId)',
      };
    }
    return azure;
  }
}

/** Runs one part of the collection as a party of `rounds`, leaving it however the part ends. */
async function participate<T>(rounds: RoundBarrier, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } finally {
    rounds.leave();
  }
}

/** GET of one ARM resource; undefined when ARM answers 404 (it does not exist). */
async function findArm<T>(connection: Connection, path: string, apiVersion: string): Promise<T | undefined> {
  try {
    return await armRequest<T>(connection, 'GET', path, { apiVersion });
  } catch (error) {
    if (isApiError(error) && error.status === 404 && !/SubscriptionNotFound/i.test(error.code ?? ''))
      return undefined;
    throw error;
  }
}

function accountLookupReads(lookups: readonly AccountLookup[]): NamedRead[] {
  return lookups.map((lookup) => ({
    name: `account:${lookup.ref}`,
    url: userRead(lookup.ref),
    shape: 'entity',
  }));
}

function initialDomainOf(organization: unknown): string | undefined {
  const org = Array.isArray(organization)
    ? (organization[0] as { verifiedDomains?: { name?: string; isInitial?: boolean }[] })
    : undefined;
  return org?.verifiedDomains?.find((d) => d.isInitial)?.name;
}

/**
 * Without `@odata.*` annotations: a user's or group's type is its collection, and whether Graph
 * annotates it depends on which request returned it, which would make exports differ for nothing.
 */
function stripOdata(item: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(item)) if (!k.startsWith('@odata.')) out[k] = v;
  return out;
}

/** `transitiveMemberOf` lists groups, directory roles and administrative units; keep groups. */
function isGroupObject(item: Json): boolean {
  const type = item['@odata.type'];
  return typeof item.id === 'string' && (type === undefined || type === '#microsoft.graph.group');
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
