/**
 * Maester's `maester-config.json` `GlobalSettings.EmergencyAccessAccounts` (also read by the Zero
 * Trust Assessment). MT.1005 with a config fails every policy whose `excludeUsers` lacks a listed
 * user or whose `excludeGroups` lacks a listed group, by direct membership only — so the entries
 * must mirror how the tenant excludes: by default the break-glass group (the design excludes it,
 * EA-CA-006), the users only when there is no group or when asked.
 */
import type { ExportSubjects } from './subjects.js';

export type MaesterEntries = 'group' | 'users' | 'both';

interface Entry {
  Type: 'User' | 'Group';
  Id: string;
  UserPrincipalName?: string;
}

/** The config fragment as JSON text (ends with a newline). */
export function renderMaesterConfig(subjects: ExportSubjects, entries: MaesterEntries = 'group'): string {
  const list: Entry[] = [];
  const useGroup = subjects.group && entries !== 'users';
  const useUsers = entries !== 'group' || !subjects.group;
  if (useGroup) list.push({ Type: 'Group', Id: subjects.group!.id });
  if (useUsers)
    for (const a of subjects.accounts)
      list.push({ Type: 'User', Id: a.id, UserPrincipalName: a.userPrincipalName });
  return `${JSON.stringify({ GlobalSettings: { EmergencyAccessAccounts: list } }, null, 2)}\n`;
}
