/**
 * Helpers for the provisioning tests (plan/apply against the emulator): one emulator per test
 * file with its keys made once per build, fresh tenants copied from a scenario, the custodian's
 * FIDO2 enrolment, apply wired in-process exactly as the CLI wires it, and the views of a tenant
 * export the assertions compare (objects by name, exclusions, lockout verdicts).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { collectSnapshot } from '../../src/collect/collect.js';
import type { Connection, ConnectOptions } from '../../src/clients/connection.js';
import type { EmulatorControl } from '../../src/clients/emulator-control.js';
import { GraphClient, type ConsistencyOptions } from '../../src/clients/graph.js';
import type { BreakglassConfig } from '../../src/config/schema.js';
import { configSchema } from '../../src/config/schema.js';
import { applyPlan, type ApplyResult } from '../../src/apply/apply.js';
import { graphPort } from '../../src/apply/graph-port.js';
import { armPort } from '../../src/apply/arm-port.js';
import { activeEmergencyAccounts, lockoutGate } from '../../src/apply/gate.js';
import type { ApplyEnvironment } from '../../src/apply/ports.js';
import { buildPlan } from '../../src/plan/plan.js';
import type { Plan } from '../../src/plan/types.js';
import { evaluateLockout } from '../../src/lockout/index.js';
import type { LockoutVerdict } from '../../src/checks/types.js';
import type { Snapshot } from '../../src/snapshot/schema.js';
import { StateStore } from '../../src/state/store.js';
import { buildRoot } from '../../src/paths.js';
import { startTestEmulator, tempDir, type TestEmulator } from './emulator.js';

/** Every emulator fault off (its defaults). */
export const NO_FAULTS = {
  latency: 0,
  jitter: 0,
  throttle: 0,
  caWriteLimit: 0,
  error5xx: 0,
  drop: 0,
  consistency: 0,
} as const;

/** Short waits for the client's own "my new object is not visible yet" retries; same decisions. */
export const FAST_CONSISTENCY: Partial<ConsistencyOptions> = {
  baseDelayMs: 50,
  maxDelayMs: 400,
  maxWaitMs: 15_000,
  settleMs: 2500,
};

/** Fast back-off so in-process applies stay quick; the retry decisions are the production ones. */
export const FAST_RETRY: ConnectOptions['retry'] = { baseDelayMs: 10, maxDelayMs: 150, maxRetries: 10 };

const KEY_FILES = ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem', 'token-signing-key.json'];

/**
 * The emulator's CA, server certificate and token-signing key, made once per build and reused by
 * every provisioning test file (making them takes seconds). Published by an atomic rename, so a
 * test file starting at the same moment never reads half-written keys. It lives in the build
 * output (not a temp dir), as a cache the build owns.
 */
export function emulatorKeysDir(): string | undefined {
  const dir = join(buildRoot(), '.test-emulator-keys');
  return KEY_FILES.every((f) => existsSync(join(dir, f))) ? dir : undefined;
}

function publishKeys(from: string): void {
  const dir = join(buildRoot(), '.test-emulator-keys');
  if (existsSync(dir)) return;
  const staging = `${dir}.${process.pid}-${randomUUID().slice(0, 8)}`;
  mkdirSync(staging, { recursive: true, mode: 0o700 });
  for (const f of readdirSync(from)) copyFileSync(join(from, f), join(staging, f));
  try {
    renameSync(staging, dir);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another test file published first
  }
}

/** Starts an emulator child process for one test file (keys reused, see {@link emulatorKeysDir}). */
export async function startProvisioningEmulator(scenario: string, seed = 11): Promise<TestEmulator> {
  const keys = emulatorKeysDir();
  const t = await startTestEmulator({ scenario, seed, ...(keys ? { dataDir: keys } : {}) });
  if (!keys) publishKeys(join(t.emulator.caFile, '..'));
  return t;
}

/** The emulator's first tenant, as `/_emulator/info` lists it. */
/**
 * What an in-process apply runs in: an emulator holding one `scenario` tenant, a connection to it
 * with CA writes paced at 20 a second and fast retries, a work directory and a state store in it.
 */
export interface ProvisioningSession {
  t: TestEmulator;
  tenantId: string;
  initialDomain: string;
  connection: Connection;
  store: StateStore;
  work: { path: string; remove: () => void };
  /** Closes the store, stops the emulator and removes the work directory. */
  stop(): Promise<void>;
}

export async function startProvisioningSession(
  scenario: string,
  workPrefix: string,
): Promise<ProvisioningSession> {
  const t = await startProvisioningEmulator(scenario);
  const { tenantId, initialDomain } = await firstTenant(t.control);
  const connection = await t.connect({ tenantId, pacing: { writesPerSecond: 20 }, retry: FAST_RETRY });
  const work = tempDir(workPrefix);
  const store = new StateStore(join(work.path, 'state.db'));
  return {
    t,
    tenantId,
    initialDomain,
    connection,
    store,
    work,
    async stop() {
      store.close();
      await t.stop();
      work.remove();
    },
  };
}

export async function firstTenant(
  control: EmulatorControl,
): Promise<{ tenantId: string; initialDomain: string }> {
  const tenant = (await control.info()).tenants[0];
  if (!tenant) throw new Error('the emulator has no tenant');
  return { tenantId: tenant.tenantId, initialDomain: tenant.initialDomain ?? '' };
}

/**
 * The emulator's own export of a tenant (the truth the tests compare against). The control plane
 * has no retry of its own; on a loaded machine a fresh connection is now and then reset, so a read
 * that could not connect is tried again (it is a GET: repeating it is harmless).
 */
export async function exportTenant(control: EmulatorControl, tenantId: string): Promise<Snapshot> {
  for (let attempt = 1; ; attempt++) {
    try {
      return (await control.snapshot(tenantId)) as unknown as Snapshot;
    } catch (error) {
      if (attempt >= 3 || !/cannot reach the emulator/.test(String((error as Error).message))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/** A tenant document (snapshot plus the emulator's `emulator` key), loosely typed for editing. */
export type TenantDoc = Record<string, unknown> & {
  graph: { organization?: { id: string }[] } & Record<string, unknown>;
  emulator?: { tenantId?: string } & Record<string, unknown>;
};

/**
 * A tenant document (with its `emulator` apps) to load under another id: the scenario as it was
 * loaded, re-identified. `edit` changes the copy before it is loaded.
 */
export async function loadTenantCopy(
  control: EmulatorControl,
  template: Record<string, unknown>,
  edit: (doc: TenantDoc) => void = () => {},
): Promise<string> {
  const tenantId = randomUUID();
  const doc = structuredClone(template) as TenantDoc;
  for (const org of doc.graph.organization ?? []) org.id = tenantId;
  if (doc.emulator) doc.emulator.tenantId = tenantId;
  edit(doc);
  await control.putTenant(tenantId, doc);
  return tenantId;
}

/** The tenant document of the emulator's scenario tenant, with its apps, to copy from. */
export async function scenarioTemplate(
  control: EmulatorControl,
  tenantId: string,
): Promise<Record<string, unknown>> {
  return control.snapshot(tenantId, true);
}

/** Well-known FIDO2 models (AAGUIDs), so each account's two keys are of different makes. */
export const KEY_MODELS = [
  { aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', model: 'YubiKey 5 Series' },
  { aaGuid: 'ee882879-721c-4913-9775-3dfcce97072a', model: 'YubiKey 5 NFC' },
] as const;

/**
 * The custodian at work: signs in as the account with its Temporary Access Pass and registers a
 * FIDO2 key per model (the emulator's `POST /_emulator/tenants/{t}/users/{u}/fido2`). The product
 * never calls this endpoint.
 */
export async function enrolKeys(
  t: TestEmulator,
  tenantId: string,
  userId: string,
  models: readonly { aaGuid: string; model: string }[] = KEY_MODELS,
): Promise<void> {
  for (const [i, key] of models.entries())
    await t.control.enrolFido2Key(tenantId, userId, { ...key, displayName: `${key.model} (safe ${i + 1})` });
}

/** The default config (the guide's) for a tenant, as `init` would write it. */
export function defaultConfigFor(tenantId: string, initialDomain: string): BreakglassConfig {
  return configSchema.parse({ tenant: { id: tenantId, initialDomain } });
}

/** Reads the tenant through the product's collector. */
export async function collect(connection: Connection, config: BreakglassConfig): Promise<Snapshot> {
  return (await collectSnapshot(connection, { config })).snapshot;
}

/** Collects and plans, as `breakglass plan` does. */
export async function planNow(connection: Connection, config: BreakglassConfig): Promise<Plan> {
  return buildPlan(await collect(connection, config), config, { now: new Date() });
}

/** Addresses of the changes that write something, as `action address`. */
export function pendingChanges(plan: Plan): string[] {
  return plan.changes.filter((c) => c.action !== 'no-op').map((c) => `${c.action} ${c.address}`);
}

/** What an in-process apply needs beyond the plan. */
export interface InProcessApply {
  connection: Connection;
  config: BreakglassConfig;
  plan: Plan;
  store: StateStore;
  secretsOut: string;
  afterWrite?: ApplyEnvironment['afterWrite'];
  /** Wraps the ports (the chaos test's simulated crash). */
  wrap?: (env: ApplyEnvironment) => ApplyEnvironment;
}

/** `breakglass apply` without the CLI: the same ports, gate and collector over the connection. */
export function applyInProcess(options: InProcessApply): Promise<ApplyResult> {
  const { connection, config } = options;
  const read = () => collect(connection, config);
  let env: ApplyEnvironment = {
    graph: graphPort(new GraphClient(connection, { consistency: FAST_CONSISTENCY })),
    arm: armPort(connection),
    collect: read,
    store: options.store,
    secretsOut: options.secretsOut,
    // The emulator's consistency delays in these tests stay under half a second.
    settleMs: 1000,
    now: () => new Date(),
    log: () => {},
    ...(options.afterWrite ? { afterWrite: options.afterWrite } : {}),
  };
  if (options.wrap) env = options.wrap(env);
  return applyPlan(env, {
    plan: options.plan,
    config,
    tenantId: connection.tenantId,
    gate: lockoutGate(() => env.collect(), config),
  });
}

/** The lockout verdict of every emergency account that exists and is enabled. */
export function lockoutOfActiveAccounts(snapshot: Snapshot, config: BreakglassConfig): LockoutVerdict[] {
  return evaluateLockout(snapshot.graph, activeEmergencyAccounts(snapshot, config));
}

/** How many objects share each name: users by UPN, groups and policies by display name. */
export function namesWithDuplicates(snapshot: Snapshot): string[] {
  const g = snapshot.graph;
  const names = [
    ...(g.users ?? []).map((u) => `user ${u.userPrincipalName.toLowerCase()}`),
    ...(g.groups ?? []).map((x) => `group ${String(x.displayName)}`),
    ...(g.conditionalAccessPolicies ?? []).map((p) => `policy ${String(p.displayName)}`),
  ];
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([name, n]) => `${name} ×${n}`);
}

/** Temporary Access Passes per user id. */
export function passesPerUser(snapshot: Snapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const [userId, methods] of Object.entries(snapshot.graph.authenticationMethods ?? {})) {
    const n = methods.filter(
      (m) => m['@odata.type'] === '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
    ).length;
    if (n) out.set(userId.toLowerCase(), n);
  }
  return out;
}

const EXCLUSION_KEYS = ['excludeUsers', 'excludeGroups', 'excludeRoles'] as const;

/** Every exclusion of every policy, as `policyId key id` (lower case). */
export function exclusions(snapshot: Snapshot): Set<string> {
  const out = new Set<string>();
  for (const policy of snapshot.graph.conditionalAccessPolicies ?? []) {
    const users = (policy.conditions.users ?? {}) as Record<string, unknown>;
    for (const key of EXCLUSION_KEYS)
      for (const id of (users[key] as string[] | undefined) ?? [])
        out.add(`${policy.id.toLowerCase()} ${key} ${id.toLowerCase()}`);
  }
  return out;
}

/** The exclusions of `before` missing from `after`. */
export function lostExclusions(before: Snapshot, after: Snapshot): string[] {
  const kept = exclusions(after);
  return [...exclusions(before)].filter((e) => !kept.has(e));
}

/** The secret files of a `--secrets-out` directory, parsed. */
export function readSecretFiles(dir: string): { path: string; document: Record<string, unknown> }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({
      path: join(dir, f),
      document: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>,
    }));
}

/**
 * Points `breakglass` child processes at the emulator the way a user would, with
 * `BREAKGLASS_EMULATOR` (runCli in test/golden/cli.ts passes this process's environment on), and
 * keeps the developer's own credential variables out. Returns the function that undoes it.
 */
export function pointCliAtEmulator(url: string): () => void {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env))
    if (key.startsWith('AZURE_') || key.startsWith('BREAKGLASS_')) delete process.env[key];
  process.env.BREAKGLASS_EMULATOR = url;
  return () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  };
}
