/**
 * Which accounts the config declares. Shared by the audit (to find the accounts) and the planner
 * (to create them), so both read the config the same way.
 */
import type { BreakglassConfig } from './schema.js';

export interface DeclaredAccount {
  /** 1-based position, used in the naming pattern. */
  index: number;
  /** UPN when known from the config or derivable from the naming pattern. */
  userPrincipalName?: string;
  /** Object id, when the config names the account by id. */
  id?: string;
  /** Under `split`, the part this account plays. */
  role: 'dedicated' | 'excluded' | 'both';
}

/** Expands `naming` (`EmergencyAccount_{n}`) for the n-th account. */
export function accountName(pattern: string, index: number): string {
  return pattern.replaceAll('{n}', String(index));
}

/**
 * The accounts the config declares: the explicit `accounts.list`, or `naming` × `count` on the
 * initial domain. Under `split` the first account is under the dedicated policy and the others
 * are excluded from everything, unless the list says otherwise.
 */
export function declaredAccounts(
  config: BreakglassConfig,
  initialDomain: string | undefined,
): DeclaredAccount[] {
  const defaultRole = (index: number): DeclaredAccount['role'] =>
    config.model === 'split' ? (index === 1 ? 'dedicated' : 'excluded') : 'both';
  if (config.accounts.list) {
    return config.accounts.list.map((entry, i) => ({
      index: i + 1,
      userPrincipalName: entry.userPrincipalName,
      id: entry.id,
      role: entry.role ?? defaultRole(i + 1),
    }));
  }
  const domain = config.tenant.initialDomain ?? initialDomain;
  return Array.from({ length: config.accounts.count }, (_, i) => ({
    index: i + 1,
    userPrincipalName: domain ? `${accountName(config.accounts.naming, i + 1)}@${domain}` : undefined,
    role: defaultRole(i + 1),
  }));
}
