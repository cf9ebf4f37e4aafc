/**
 * The monitoring engine of one emulator: Entra activity flowing into Log Analytics after an
 * ingestion delay, log search alert rules running on their schedule, fired alerts, notifications
 * (mailbox and webhooks), and the errors of rules that cannot run.
 *
 * Everything follows the emulator clock. The engine hooks into the core through two listeners on
 * `EmulatorState`: `activityListeners` (a sign-in or directory audit record was written) and
 * `timeListeners` (the clock moved: the control plane awaits them after an advance). A real-time
 * timer runs the same catch-up so rules also fire while the clock simply runs.
 */
import { KqlError } from '../kql/errors.js';
import type { RowSource } from '../kql/interpreter.js';
import type { ActivityEvent, EmulatorState } from '../state.js';
import type { JsonObject } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';
import { evaluateRule, readRule, RuleError, type GroupResult, type RuleSpec } from './alert-rules.js';
import type { FiredAlert } from './alerts.js';
import { exportedCategories, rowBuilders, workspacesReceiving, type ActivityKind } from './log-rows.js';
import {
  notifyActionGroups,
  type Delivery,
  type MailboxMessage,
  type NotificationSink,
} from './notifications.js';

/** Tunables, changed through `PUT /_emulator/monitoring`. */
export interface MonitoringSettings {
  /** How long after an event its Log Analytics row appears (emulator clock). */
  ingestionDelayMs: number;
}

/** A rule that could not be evaluated. */
export interface RuleErrorRecord {
  readonly tenantId: string;
  readonly ruleId: string;
  readonly ruleName: string;
  /** `KqlError` kinds (`syntax`, `semantic`, `unsupported`) or `rule`. */
  readonly kind: string;
  readonly code: string;
  readonly message: string;
  readonly firstTime: string;
  lastTime: string;
  count: number;
}

interface PendingRow {
  readonly tenant: TenantStore;
  readonly kind: ActivityKind;
  readonly record: JsonObject;
  readonly workspaceId: string;
  readonly dueAt: number;
}

/** A stored rule resource and what reading it gave: its specification, or why it cannot run. */
type ReadRule =
  | { readonly resource: JsonObject; readonly spec: RuleSpec; readonly error?: undefined }
  | { readonly resource: JsonObject; readonly spec?: undefined; readonly error: RuleError };

interface Schedule {
  readonly version: string;
  lastRun: number;
}

const ruleType = 'microsoft.insights/scheduledqueryrules';
/** More scheduled evaluations than this in one catch-up are merged into one wide window. */
const maxEvaluationsPerCatchUp = 288;
const realTimeTickMs = 1000;
const listLimit = 5000;

const ruleKey = (tenant: TenantStore, resource: JsonObject) =>
  `${tenant.tenantId}|${String(resource['id']).toLowerCase()}`;

const pushBounded = <T>(list: T[], item: T) => {
  list.push(item);
  if (list.length > listLimit) list.splice(0, list.length - listLimit);
};

/** Monitoring state of one emulator. */
export class MonitoringEngine implements NotificationSink {
  readonly settings: MonitoringSettings = { ingestionDelayMs: 120_000 };
  /** Fired alerts by tenant id, oldest first. */
  readonly alerts = new Map<string, FiredAlert[]>();
  readonly mailbox: MailboxMessage[] = [];
  readonly deliveries: Delivery[] = [];
  readonly errors: RuleErrorRecord[] = [];
  private pending: PendingRow[] = [];
  private readonly schedules = new Map<string, Schedule>();
  /** Tenant stores already looked at, and the rules they held then (loaded, not written through the API). */
  private readonly seenStores = new WeakSet<TenantStore>();
  private readonly loadedRules = new Set<string>();
  private readonly lastNotified = new Map<string, number>();
  /**
   * Each tenant's log search alert rules, read, as of a version of its `resources` collection. The
   * real-time tick looks at every tenant every second; with a fleet of a thousand tenants loaded,
   * re-reading every resource and rule on each tick was most of the emulator's idle work.
   */
  private readonly rulesByTenant = new WeakMap<
    TenantStore,
    { version: number; rules: readonly ReadRule[] }
  >();
  private running: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private mailCounter = 0;

  constructor(private readonly state: EmulatorState) {}

  /** A new activity record: its row is due in every receiving workspace after the delay. */
  onActivity(event: ActivityEvent): void {
    const { category } = exportedCategories[event.kind];
    const recordTime = Date.parse(
      String(event.record[event.kind === 'signIn' ? 'createdDateTime' : 'activityDateTime'] ?? ''),
    );
    const now = this.state.clock.now();
    // A back-dated event is still reported now: it reaches the logs a delay after it was written.
    const dueAt =
      Math.max(Number.isFinite(recordTime) ? recordTime : now, now) + this.settings.ingestionDelayMs;
    for (const workspaceId of workspacesReceiving(event.tenant, category)) {
      this.pending.push({
        tenant: event.tenant,
        kind: event.kind,
        record: structuredClone(event.record),
        workspaceId,
        dueAt,
      });
    }
  }

  /** The due time of the rows pending for a record (by id), for the sign-in endpoint's answer. */
  pendingFor(recordId: string): { workspaceId: string; dueAt: string }[] {
    return this.pending
      .filter((p) => String(p.record['id']) === recordId)
      .map((p) => ({ workspaceId: p.workspaceId, dueAt: new Date(p.dueAt).toISOString() }));
  }

  /** Appends the rows that are due by `now` to their workspaces' tables. */
  flushDue(now = this.state.clock.now()): void {
    const still: PendingRow[] = [];
    for (const p of this.pending) {
      if (p.dueAt > now) {
        still.push(p);
        continue;
      }
      // A tenant replaced since the event no longer receives it.
      if (this.state.tenants.get(p.tenant.tenantId) !== p.tenant) continue;
      const table = exportedCategories[p.kind].table;
      const logs = p.tenant.logs();
      const key =
        Object.keys(logs).find((k) => k.toLowerCase() === p.workspaceId.toLowerCase()) ?? p.workspaceId;
      const tables = (logs[key] ??= {});
      (tables[table] ??= []).push(rowBuilders[p.kind](p.tenant, p.workspaceId, p.record, new Date(p.dueAt)));
      p.tenant.changed = true;
    }
    this.pending = still;
  }

  /** Rows of a table across workspaces (looked up case-insensitively). */
  rowSource(tenant: TenantStore, workspaceIds: readonly string[]): RowSource {
    const logs = tenant.logs();
    const keys = Object.keys(logs);
    const wanted = new Set(workspaceIds.map((w) => w.toLowerCase()));
    const matching = keys.filter((k) => wanted.has(k.toLowerCase()));
    return (table) => matching.flatMap((k) => logs[k]?.[table] ?? []);
  }

  /** Runs everything due by the clock's now (serialised: concurrent callers wait their turn). */
  catchUp(): Promise<void> {
    const run = this.running.then(() => this.runDue());
    this.running = run.catch(() => undefined);
    return run;
  }

  /** Starts the real-time timer (unref'd: it never keeps the process alive). */
  start(): void {
    this.observeTenants();
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.catchUp().catch((err: unknown) => process.stderr.write(`emulator monitoring: ${String(err)}\n`));
    }, realTimeTickMs);
    this.timer.unref();
  }

  /** Stops the timer. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Mailbox messages, optionally only those to one address (case-insensitive). */
  messagesTo(to: string | null): MailboxMessage[] {
    return to ? this.mailbox.filter((m) => m.to.toLowerCase() === to.toLowerCase()) : [...this.mailbox];
  }

  /** {@link NotificationSink}: a message lands in the mailbox. */
  mail(message: Omit<MailboxMessage, 'id'>): void {
    pushBounded(this.mailbox, { id: String(++this.mailCounter), ...message });
  }

  /** {@link NotificationSink}: a delivery attempt is recorded. */
  delivery(delivery: Delivery): void {
    pushBounded(this.deliveries, delivery);
  }

  /** Remembers the rules of tenants not seen before: they were loaded, so their schedules start now. */
  private observeTenants(): void {
    for (const tenant of this.state.tenants.values()) {
      if (this.seenStores.has(tenant)) continue;
      this.seenStores.add(tenant);
      for (const resource of tenant.collection('resources').listAll()) {
        if (String(resource['type']).toLowerCase() === ruleType)
          this.loadedRules.add(ruleKey(tenant, resource));
      }
    }
  }

  private async runDue(): Promise<void> {
    this.observeTenants();
    const now = this.state.clock.now();
    this.flushDue(now);
    for (const tenant of [...this.state.tenants.values()]) {
      for (const rule of this.rulesOf(tenant)) await this.runRule(tenant, rule, now);
    }
  }

  /** The tenant's rules, read once per change of its resources (a write replaces the object). */
  private rulesOf(tenant: TenantStore): readonly ReadRule[] {
    const resources = tenant.collection('resources');
    const cached = this.rulesByTenant.get(tenant);
    if (cached?.version === resources.version) return cached.rules;
    const rules: ReadRule[] = [];
    for (const resource of resources.listAll()) {
      if (String(resource['type']).toLowerCase() !== ruleType) continue;
      try {
        rules.push({ resource, spec: readRule(resource) });
      } catch (err) {
        if (!(err instanceof RuleError)) throw err;
        rules.push({ resource, error: err });
      }
    }
    this.rulesByTenant.set(tenant, { version: resources.version, rules });
    return rules;
  }

  private recordError(
    tenant: TenantStore,
    resource: JsonObject,
    kind: string,
    code: string,
    message: string,
    at: Date,
  ): void {
    const ruleId = String(resource['id']);
    const existing = this.errors.find(
      (e) => e.tenantId === tenant.tenantId && e.ruleId === ruleId && e.message === message,
    );
    if (existing) {
      existing.count++;
      existing.lastTime = at.toISOString();
      return;
    }
    pushBounded(this.errors, {
      tenantId: tenant.tenantId,
      ruleId,
      ruleName: String(resource['name']),
      kind,
      code,
      message,
      firstTime: at.toISOString(),
      lastTime: at.toISOString(),
      count: 1,
    });
  }

  private scheduleOf(key: string, spec: RuleSpec, resource: JsonObject, now: number): Schedule {
    let schedule = this.schedules.get(key);
    if (!schedule || schedule.version !== spec.version) {
      const system = (resource['systemData'] ?? {}) as JsonObject;
      const modified = Date.parse(String(system['lastModifiedAt'] ?? system['createdAt'] ?? ''));
      // A rule written through the API starts its schedule when it was written (the first catch-up
      // may come after a clock jump); a rule loaded with its tenant starts now.
      const loaded = !schedule && this.loadedRules.has(key);
      const start = !loaded && Number.isFinite(modified) && modified <= now ? modified : now;
      schedule = { version: spec.version, lastRun: start };
      this.schedules.set(key, schedule);
    }
    return schedule;
  }

  private async runRule(tenant: TenantStore, rule: ReadRule, now: number): Promise<void> {
    const { resource } = rule;
    const key = ruleKey(tenant, resource);
    if (rule.error) {
      this.recordError(tenant, resource, 'rule', rule.error.code, rule.error.message, new Date(now));
      return;
    }
    const spec = rule.spec;
    if (!spec.enabled) {
      this.schedules.delete(key);
      return;
    }
    const schedule = this.scheduleOf(key, spec, resource, now);
    let due = Math.floor((now - schedule.lastRun) / spec.frequencyMs);
    if (due > maxEvaluationsPerCatchUp) {
      // A long clock jump: the skipped evaluations become one covering their windows, so no row
      // that arrived meanwhile goes unseen.
      const merged = due - maxEvaluationsPerCatchUp + 1;
      const at = schedule.lastRun + merged * spec.frequencyMs;
      await this.evaluateAt(
        tenant,
        spec,
        resource,
        new Date(at),
        spec.windowMs + (merged - 1) * spec.frequencyMs,
      );
      schedule.lastRun = at;
      due -= merged;
    }
    for (let i = 0; i < due; i++) {
      schedule.lastRun += spec.frequencyMs;
      await this.evaluateAt(tenant, spec, resource, new Date(schedule.lastRun), spec.windowMs);
    }
  }

  private async evaluateAt(
    tenant: TenantStore,
    spec: RuleSpec,
    resource: JsonObject,
    at: Date,
    windowMs: number,
  ): Promise<void> {
    let groups: readonly GroupResult[];
    let windowStart: Date;
    try {
      const evaluation = evaluateRule(spec, at, this.rowSource(tenant, spec.scopes), windowMs);
      groups = evaluation.groups;
      windowStart = evaluation.windowStart;
    } catch (err) {
      if (err instanceof KqlError) this.recordError(tenant, resource, err.kind, err.code, err.message, at);
      else if (err instanceof RuleError)
        this.recordError(tenant, resource, 'rule', err.code, err.message, at);
      else throw err;
      return;
    }
    const list = this.alerts.get(tenant.tenantId) ?? [];
    this.alerts.set(tenant.tenantId, list);
    for (const group of groups) {
      const dims = JSON.stringify(group.dimensions);
      const active = list.find(
        (a) =>
          a.rule.id.toLowerCase() === spec.id.toLowerCase() &&
          a.monitorCondition === 'Fired' &&
          JSON.stringify(a.dimensions) === dims,
      );
      if (group.breached && !(spec.autoMitigate && active)) {
        const alert: FiredAlert = {
          alertId: tenant.newId(),
          tenantId: tenant.tenantId,
          subscriptionId: spec.id.split('/')[2] ?? '',
          rule: spec,
          targetResource: spec.scopes[0]!,
          dimensions: group.dimensions,
          value: group.value,
          rows: group.rows,
          windowStart,
          windowEnd: at,
          firedAt: at,
          monitorCondition: 'Fired',
          alertState: 'New',
          resolvedAt: undefined,
          lastModifiedAt: at,
          lastModifiedBy: 'System',
          suppressed: false,
        };
        list.push(alert);
        await this.notify(tenant, alert, `${spec.id.toLowerCase()}|${dims}`);
      } else if (!group.breached && spec.autoMitigate && active) {
        // Stateful rules resolve when the condition no longer holds; stateless ones never do.
        active.monitorCondition = 'Resolved';
        active.resolvedAt = at;
        active.lastModifiedAt = at;
        await this.notify(tenant, active, undefined);
      }
    }
  }

  private async notify(tenant: TenantStore, alert: FiredAlert, muteKey: string | undefined): Promise<void> {
    const at = (alert.resolvedAt ?? alert.firedAt).getTime();
    if (muteKey && alert.rule.muteActionsMs > 0) {
      const last = this.lastNotified.get(muteKey);
      if (last !== undefined && at - last < alert.rule.muteActionsMs) {
        alert.suppressed = true;
        return;
      }
      this.lastNotified.set(muteKey, at);
    }
    await notifyActionGroups(alert, tenant, this, {
      now: this.state.clock.date(),
      baseUrl: this.state.baseUrl,
      caCertPem: this.state.pki.caCertPem,
    });
  }
}

const engines = new WeakMap<EmulatorState, MonitoringEngine>();

/**
 * The monitoring engine of an emulator, created (and hooked to its activity and time listeners)
 * on first use.
 */
export function monitoringOf(state: EmulatorState): MonitoringEngine {
  let engine = engines.get(state);
  if (!engine) {
    const created = new MonitoringEngine(state);
    state.activityListeners.add((event) => created.onActivity(event));
    state.timeListeners.add(() => created.catchUp());
    engines.set(state, created);
    engine = created;
  }
  return engine;
}

/** Hooks monitoring into a running emulator and starts its real-time timer; returns a stop function. */
export function attachMonitoring(state: EmulatorState): () => void {
  const engine = monitoringOf(state);
  engine.start();
  return () => engine.stop();
}
