/**
 * A ScubaGear configuration fragment (YAML) that allow-lists the emergency accounts and group:
 * `Aad.<policy id>.CapExclusions.{Users,Groups}` for every Entra ID control that supports CA
 * exclusions, and `RoleExclusions` for MS.AAD.7.4 (no permanent active privileged assignments,
 * which emergency accounts are by design). ScubaGear fails a CA control on any exclusion not
 * listed here, so without it a correctly built tenant fails ScubaGear.
 */
import { stringify } from 'yaml';
import type { ExportSubjects } from './subjects.js';

/** The SCuBA Entra ID controls that accept `CapExclusions` (ScubaGear docs/configuration/configuration.md). */
export const SCUBA_CAP_EXCLUSION_POLICIES: readonly string[] = [
  'MS.AAD.1.1v1',
  'MS.AAD.2.1v1',
  'MS.AAD.2.3v1',
  'MS.AAD.3.1v1',
  'MS.AAD.3.2v1',
  'MS.AAD.3.6v1',
  'MS.AAD.3.7v1',
  'MS.AAD.3.8v1',
  'MS.AAD.3.9v1',
];

/** The controls that accept `RoleExclusions`. */
export const SCUBA_ROLE_EXCLUSION_POLICIES: readonly string[] = ['MS.AAD.7.4v1'];

/** The fragment as YAML text, with a header comment saying where it goes. */
export function renderScubaGearFragment(subjects: ExportSubjects): string {
  const users = subjects.accounts.map((a) => a.id);
  const groups = subjects.group ? [subjects.group.id] : [];
  const exclusions = { Users: users, Groups: groups };
  const aad: Record<string, unknown> = {};
  for (const id of SCUBA_CAP_EXCLUSION_POLICIES) aad[id] = { CapExclusions: exclusions };
  for (const id of SCUBA_ROLE_EXCLUSION_POLICIES)
    aad[id] = { RoleExclusions: { Users: users, Groups: groups } };
  const header = [
    '# ScubaGear configuration fragment written by `breakglass export scubagear`.',
    '# Merge the Aad key into your ScubaGear config (Invoke-SCuBA -ConfigFilePath …).',
    `# Emergency accounts: ${subjects.accounts.map((a) => a.userPrincipalName).join(', ') || 'none resolved'}`,
    ...(subjects.group ? [`# Break-glass group: ${subjects.group.displayName}`] : []),
  ]
    .map((line) => line.replace(/[\r\n]+/g, ' '))
    .join('\n');
  return `${header}\n${stringify({ Aad: aad }, { aliasDuplicateObjects: false, lineWidth: 0 })}`;
}
