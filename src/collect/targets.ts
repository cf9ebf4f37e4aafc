/**
 * Which directory objects the collector looks up by name: the emergency accounts the config
 * declares and the break-glass group. Pure: the config in, the look-ups out.
 */
import { configSchema, type BreakglassConfig } from '../config/schema.js';

/** One account reference from the config, and how Graph can find it. */
export interface AccountLookup {
  /** The UPN or object id as the config gives it. */
  ref: string;
  kind: 'userPrincipalName' | 'id';
}

/** What to look up. */
export interface CollectionTargets {
  /** The break-glass group's display name. */
  groupName: string;
  /** Accounts to read one by one (known UPN or id). */
  accounts: AccountLookup[];
  /**
   * When the accounts are `naming` × `count` and the initial domain is not in the config, the UPN
   * prefix (the naming pattern up to `{n}`) to find them by, before the domain is known.
   */
  upnPrefix?: string;
  /**
   * The naming pattern has no usable prefix (it starts with `{n}`): the UPNs can only be looked up
   * once the organization's initial domain is known.
   */
  accountsAfterDomain: boolean;
  /** No config: the accounts are the group's members. */
  accountsFromGroup: boolean;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The UPNs the naming pattern gives on a domain: `EmergencyAccount_{n}` × count. */
export function namedAccountUpns(config: BreakglassConfig, domain: string): string[] {
  return Array.from(
    { length: config.accounts.count },
    (_, i) => `${config.accounts.naming.replaceAll('{n}', String(i + 1))}@${domain}`,
  );
}

/** The look-ups for a config, or for none (accounts through the default group). */
export function collectionTargets(config: BreakglassConfig | undefined): CollectionTargets {
  if (!config) {
    return {
      groupName: configSchema.parse({}).group.displayName,
      accounts: [],
      accountsAfterDomain: false,
      accountsFromGroup: true,
    };
  }
  const groupName = config.group.displayName;
  if (config.accounts.list && config.accounts.list.length > 0) {
    const accounts = config.accounts.list.flatMap((entry): AccountLookup[] => {
      if (entry.id) return [{ ref: entry.id, kind: 'id' }];
      if (entry.userPrincipalName) {
        return [
          {
            ref: entry.userPrincipalName,
            kind: GUID.test(entry.userPrincipalName) ? 'id' : 'userPrincipalName',
          },
        ];
      }
      return [];
    });
    return { groupName, accounts, accountsAfterDomain: false, accountsFromGroup: false };
  }
  const domain = config.tenant.initialDomain;
  if (domain) {
    return {
      groupName,
      accounts: namedAccountUpns(config, domain).map((ref) => ({ ref, kind: 'userPrincipalName' })),
      accountsAfterDomain: false,
      accountsFromGroup: false,
    };
  }
  // A prefix of a few characters would match a large share of the directory: wait for the domain.
  const prefix = config.accounts.naming.split('{n}')[0] ?? '';
  if (prefix.length < 3)
    return { groupName, accounts: [], accountsAfterDomain: true, accountsFromGroup: false };
  return { groupName, accounts: [], upnPrefix: prefix, accountsAfterDomain: false, accountsFromGroup: false };
}
