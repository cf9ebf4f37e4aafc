/**
 * Watching the lockout analysis during an apply: the tenant is exported from the emulator after
 * every write the product makes (each Graph POST/PATCH/DELETE and ARM PUT, through wrapped ports)
 * and after every step (`afterWrite`), and `evaluateLockout` is run for every emergency account
 * that exists and is enabled. Shared by the provisioning tests that check safety at every state.
 */
import type { BreakglassConfig } from '../../src/config/schema.js';
import type { ApplyEnvironment } from '../../src/apply/ports.js';
import type { EmulatorControl } from '../../src/clients/emulator-control.js';
import { exportTenant, lockoutOfActiveAccounts } from './provisioning.js';

/** One lockout observation: after which write, and each active account's verdict (by UPN prefix). */
export interface Observation {
  after: string;
  verdicts: Map<string, 'allowed' | 'blocked'>;
}

/** Records the lockout verdicts of the tenant's active emergency accounts, state after state. */
export class LockoutObserver {
  readonly observations: Observation[] = [];

  constructor(
    private readonly control: EmulatorControl,
    private readonly tenantId: string,
    private readonly config: BreakglassConfig,
  ) {}

  /** Exports the tenant now and records every active account's verdict under `label`. */
  readonly observe = async (label: string): Promise<void> => {
    const snapshot = await exportTenant(this.control, this.tenantId);
    const verdicts = new Map(
      lockoutOfActiveAccounts(snapshot, this.config).map((v) => [
        v.userPrincipalName.split('@')[0]!.toLowerCase(),
        v.verdict,
      ]),
    );
    this.observations.push({ after: label, verdicts });
  };

  /** Accounts a write turned from able to sign in into locked out, as `account locked out after …`. */
  relapses(): string[] {
    const out: string[] = [];
    const all = this.observations;
    for (let i = 1; i < all.length; i++) {
      for (const [account, verdict] of all[i]!.verdicts) {
        if (verdict === 'blocked' && all[i - 1]!.verdicts.get(account) === 'allowed')
          out.push(`${account} locked out after ${all[i]!.after}`);
      }
    }
    return out;
  }

  /** The observations (from index `from` on) in which some account was locked out. */
  blockedStates(from = 0): string[] {
    return this.observations
      .slice(from)
      .filter((o) => [...o.verdicts.values()].includes('blocked'))
      .map((o) => o.after);
  }
}

/** The ports with a lockout observation after each write call that returned. */
export function observeEveryWrite(
  env: ApplyEnvironment,
  observe: (label: string) => Promise<void>,
): ApplyEnvironment {
  const graph = env.graph;
  const arm = env.arm;
  return {
    ...env,
    graph: {
      directoryObjectUrl: (id) => graph.directoryObjectUrl(id),
      get: (path) => graph.get(path),
      post: async (path, body, options) => {
        const out = await graph.post(path, body, options);
        await observe(`POST ${path}`);
        return out as never;
      },
      patch: async (path, body) => {
        await graph.patch(path, body);
        await observe(`PATCH ${path}`);
      },
      delete: async (path) => {
        await graph.delete(path);
        await observe(`DELETE ${path}`);
      },
    },
    ...(arm
      ? {
          arm: {
            put: async (id, apiVersion, body) => {
              const out = await arm.put(id, apiVersion, body);
              await observe(`PUT ${id}`);
              return out as never;
            },
          },
        }
      : {}),
  };
}
