/**
 * The explicit command registry. Each command is one file exporting `register(program)`; the
 * registry lists them with a one-line summary and loads a command's module only when that command
 * runs, so `breakglass --version` or `--help` never pays for the Azure SDKs a command needs.
 * Order here is the order in `breakglass --help`.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<{ register: RegisterCommand }>;
  /**
   * Work the command will need that can start before its module is even loaded (the CLI calls it
   * first, only when this command runs): e.g. loading the Kusto language service in a worker.
   */
  prepare?(): Promise<void>;
}

export const commands: CommandEntry[] = [
  {
    name: 'init',
    summary: "write breakglass.yaml with the guide's defaults, filled from the tenant",
    load: () => import('./init.js'),
  },
  {
    name: 'audit',
    summary: "assess a tenant's emergency access (read-only); reports; exit 1 on findings",
    load: () => import('./audit.js'),
    // The alert-rule checks may need the Kusto language service: load it in a worker meanwhile.
    prepare: async () => (await import('../../kql/worker-client.js')).startKqlWorkerIfCold(),
  },
  {
    name: 'plan',
    summary: 'show what apply would change to match breakglass.yaml (read-only)',
    load: () => import('./plan.js'),
  },
  {
    name: 'apply',
    summary: 'carry out a saved plan safely: preflight, paced CA writes, journaled and resumable',
    load: () => import('./apply.js'),
  },
  {
    name: 'signins',
    summary: "review the emergency accounts' sign-ins, each matched to a drill or flagged",
    load: () => import('./signins.js'),
  },
  {
    name: 'drill',
    summary: 'record, verify and schedule drills of the emergency accounts',
    load: () => import('./drill.js'),
  },
  {
    name: 'kql',
    summary: 'print the alert queries breakglass writes, checked by the Kusto parser',
    load: () => import('./kql.js'),
  },
  {
    name: 'export',
    summary: 'the accounts for Maester, ScubaGear or a Sentinel watchlist',
    load: () => import('./export.js'),
  },
  {
    name: 'snapshot',
    summary: 'export the tenant as a snapshot file for offline audit',
    load: () => import('./snapshot.js'),
  },
  {
    name: 'emulator',
    summary: 'run the local tenant emulator (scenarios, fault injection)',
    load: () => import('./emulator.js'),
  },
  { name: 'demo', summary: 'the whole story on an embedded emulator', load: () => import('./demo.js') },
];
