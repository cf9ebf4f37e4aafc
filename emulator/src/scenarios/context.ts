/**
 * What every builder needs to make one tenant: who the tenant is, its id space, the capture
 * instant all timestamps are relative to, and a seeded random stream for generated variety.
 */
import { deriveSeed, seededRandom, type Random } from '../faults/prng.js';
import type { ScenarioOptions } from './document.js';
import { IdSpace } from './ids.js';

/** The default capture instant (the snapshot format's own example date). */
export const defaultCaptureInstant = '2026-11-27T10:00:00Z';

/** The organisation a scenario emulates. */
export interface TenantIdentity {
  /** Short stable key; seeds every id of the tenant (change it and every id changes). */
  readonly key: string;
  readonly displayName: string;
  /** The `*.onmicrosoft.com` domain. */
  readonly initialDomain: string;
  /** A verified custom domain, the default for ordinary users. */
  readonly customDomain?: string;
  readonly countryLetterCode: string;
  readonly city: string;
  /** Usage location of users (ISO 3166 alpha-2). */
  readonly usageLocation: string;
}

const dayMs = 86_400_000;

/** Builder context of one tenant. */
export class ScenarioContext {
  readonly ids: IdSpace;
  readonly now: Date;
  readonly random: Random;

  constructor(
    readonly identity: TenantIdentity,
    options: ScenarioOptions = {},
  ) {
    this.ids = new IdSpace(identity.key);
    this.now = new Date(options.now ?? defaultCaptureInstant);
    if (Number.isNaN(this.now.getTime())) throw new Error(`invalid scenario instant: ${String(options.now)}`);
    this.random = seededRandom(deriveSeed(0, identity.key));
  }

  get tenantId(): string {
    return this.ids.tenantId;
  }

  /** The domain ordinary users live on: the custom domain when there is one. */
  get userDomain(): string {
    return this.identity.customDomain ?? this.identity.initialDomain;
  }

  private readonly isoCache = new Map<number, string>();

  /** ISO time `days` (may be fractional) plus `hours` before capture. */
  ago(days: number, hours = 0): string {
    // Memoised: bulk generation asks for the same few thousand instants tens of thousands of times.
    const offset = days * dayMs + hours * 3_600_000;
    let iso = this.isoCache.get(offset);
    if (iso === undefined) {
      iso = new Date(this.now.getTime() - offset).toISOString();
      this.isoCache.set(offset, iso);
    }
    return iso;
  }

  /** ISO time `days` after capture. */
  ahead(days: number): string {
    return new Date(this.now.getTime() + days * dayMs).toISOString();
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[this.int(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}
