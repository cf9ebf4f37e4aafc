/**
 * The emulator's whole state: its tenants, clock, fault configuration and keys. One instance per
 * running emulator; every handler reaches it as `ctx.emulator`.
 */
import { EmulatorClock } from './clock.js';
import { deriveSeed, randomGuid, randomSecret, seededRandom, type Random } from './faults/prng.js';
import { defaultFaults, mergeFaults, type FaultSpec } from './faults/spec.js';
import { allGraphRoles } from './graph/permissions.js';
import type { DispatchCall } from './http/dispatch.js';
import type { RenderedResponse } from './http/render.js';
import type { SigningKey } from './identity/signing-key.js';
import type { EmulatorPki } from './pki/certificates.js';
import { validateTenantDocument } from './tenant/parse.js';
import type { EmulatorApp, JsonObject, TenantDocument } from './tenant/schema.js';
import { TenantStore } from './tenant/store.js';

/** A record a tenant has just written to its activity logs (Graph `auditLogs`). */
export interface ActivityEvent {
  readonly tenant: TenantStore;
  readonly kind: 'signIn' | 'directoryAudit';
  readonly record: JsonObject;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a GUID string. */
export function isGuid(value: string): boolean {
  return guidPattern.test(value);
}

/** The emulator's state. */
export class EmulatorState {
  /** The clock all emulator time comes from. */
  readonly clock = new EmulatorClock();
  /** Tenants by lower-case tenant id, in load order. */
  readonly tenants = new Map<string, TenantStore>();
  private faultSpec: FaultSpec;
  private faultRandom: Random;
  /** Per-tenant times (clock ms) of recent Conditional Access writes, for the CA write limit. */
  readonly caWrites = new Map<string, number[]>();
  /** PIM schedule requests made through the API (not part of the tenant file), by `tenantId:requestId`. */
  readonly scheduleRequests = new Map<
    string,
    { kind: 'assignment' | 'eligibility'; request: Record<string, unknown> }
  >();
  /** Base URL once the server listens (`https://127.0.0.1:PORT`). */
  baseUrl = '';
  /**
   * Runs a request through the whole pipeline except the socket (auth unless `call.token` is given,
   * faults, permissions, handler, error rendering). Set by the server; Graph `$batch` uses it.
   */
  dispatch: (call: DispatchCall) => Promise<RenderedResponse> = () =>
    Promise.reject(new Error('the emulator server is not running'));
  /**
   * Told about every new sign-in or directory audit record (monitoring mirrors them into Log
   * Analytics). Writers call {@link recordActivity}.
   */
  readonly activityListeners = new Set<(event: ActivityEvent) => void>();
  /**
   * Work that follows emulator time (log ingestion, scheduled alert rules). The control plane
   * awaits {@link settleTime} after moving the clock, so its answer reflects everything now due.
   */
  readonly timeListeners = new Set<() => Promise<void>>();

  constructor(
    /** The seed of generated ids, default apps and (unless the fault spec sets its own) faults. */
    readonly seed: number,
    readonly pki: EmulatorPki,
    readonly signingKey: SigningKey,
    faults: Partial<FaultSpec> = {},
  ) {
    this.faultSpec = mergeFaults({ ...defaultFaults, seed }, faults);
    this.faultRandom = seededRandom(this.faultSpec.seed);
  }

  /** Tells the activity listeners about a record just written. */
  recordActivity(event: ActivityEvent): void {
    for (const listener of this.activityListeners) listener(event);
  }

  /** Runs the time listeners in turn and waits for them. */
  async settleTime(): Promise<void> {
    for (const listener of this.timeListeners) await listener();
  }

  /** The current fault configuration. */
  get faults(): FaultSpec {
    return this.faultSpec;
  }

  /** Replaces (merges) the fault configuration; restarts the fault generator from its seed. */
  setFaults(partial: unknown): FaultSpec {
    this.faultSpec = mergeFaults(this.faultSpec, partial);
    this.faultRandom = seededRandom(this.faultSpec.seed);
    return this.faultSpec;
  }

  /** A draw in [0, 1) from the seeded fault generator. */
  random(): number {
    return this.faultRandom();
  }

  /**
   * Loads (or replaces) a tenant. Its id is `tenantId` when given, else `emulator.tenantId`, else
   * the first organization's id, else one derived from the seed. Throws TenantFileError naming
   * the JSON path when the document is invalid.
   */
  loadTenant(document: unknown, tenantId?: string, source = 'tenant document'): TenantStore {
    const doc = validateTenantDocument(document, source);
    const id = (
      tenantId ??
      doc.emulator?.tenantId ??
      doc.graph.organization?.[0]?.id ??
      randomGuid(seededRandom(deriveSeed(this.seed, 'tenant', String(this.tenants.size))))
    ).toLowerCase();
    const apps = doc.emulator?.apps?.length ? structuredClone(doc.emulator.apps) : [this.defaultApp(id)];
    const store = new TenantStore(
      doc,
      id,
      apps,
      { now: () => this.clock.now(), consistencyMs: () => this.faultSpec.consistency },
      this.seed,
    );
    this.tenants.set(id, store);
    this.caWrites.delete(id);
    return store;
  }

  /** The generated admin app of a tenant file without `emulator.apps`: all permissions, Owner on everything. */
  defaultApp(tenantId: string): EmulatorApp {
    const random = seededRandom(deriveSeed(this.seed, 'default-app', tenantId.toLowerCase()));
    const clientId = randomGuid(random);
    return {
      displayName: 'breakglass emulator admin',
      clientId,
      objectId: randomGuid(random),
      clientSecret: randomSecret(random),
      graphRoles: allGraphRoles(),
      armRoles: [{ role: 'Owner', scope: '/' }],
      default: true,
    };
  }

  /** A tenant by id or by one of its verified domain names (as the token endpoint accepts either). */
  findTenant(idOrDomain: string): TenantStore | undefined {
    const key = idOrDomain.toLowerCase();
    const byId = this.tenants.get(key);
    if (byId) return byId;
    for (const t of this.tenants.values()) {
      const org = t.collection('organization').listAll()[0] as
        { verifiedDomains?: { name?: string }[] } | undefined;
      if (org?.verifiedDomains?.some((d) => d.name?.toLowerCase() === key)) return t;
    }
    return undefined;
  }

  /** The app a tenant publishes at /_emulator/info: the one marked default, else the first. */
  adminApp(tenant: TenantStore): EmulatorApp | undefined {
    return tenant.apps.find((a) => a.default) ?? tenant.apps[0];
  }

  /** The document a tenant was given as. */
  exportTenant(tenantId: string, options?: { includeEmulatorKey?: boolean }): TenantDocument | undefined {
    return this.tenants.get(tenantId.toLowerCase())?.export(options);
  }
}
