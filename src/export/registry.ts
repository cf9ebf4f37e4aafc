/** The explicit list of interop exports (`breakglass export <name>`). */
import { renderMaesterConfig, type MaesterEntries } from './maester.js';
import { renderScubaGearFragment } from './scubagear.js';
import { renderSentinelWatchlist } from './sentinel.js';
import type { ExportSubjects } from './subjects.js';

export interface ExportOptions {
  maesterEntries?: MaesterEntries;
}

export interface ExportFormat {
  name: string;
  description: string;
  /** The file name users usually give it. */
  defaultFile: string;
  render(subjects: ExportSubjects, options: ExportOptions): string;
}

export const exportFormats: readonly ExportFormat[] = [
  {
    name: 'maester',
    description:
      'maester-config.json GlobalSettings.EmergencyAccessAccounts (also read by the Zero Trust Assessment)',
    defaultFile: 'maester-config.json',
    render: (subjects, options) => renderMaesterConfig(subjects, options.maesterEntries),
  },
  {
    name: 'scubagear',
    description: 'ScubaGear YAML: CapExclusions for the MS.AAD CA controls, RoleExclusions for MS.AAD.7.4',
    defaultFile: 'scubagear-breakglass.yaml',
    render: (subjects) => renderScubaGearFragment(subjects),
  },
  {
    name: 'sentinel',
    description: 'Microsoft Sentinel watchlist CSV (BreakGlassAccounts: AccountUPN, UserId)',
    defaultFile: 'BreakGlassAccounts.csv',
    render: (subjects) => renderSentinelWatchlist(subjects),
  },
];

export function findExportFormat(name: string): ExportFormat | undefined {
  return exportFormats.find((f) => f.name === name.trim().toLowerCase());
}
