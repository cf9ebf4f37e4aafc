/**
 * The explicit command registry. Each command is one file exporting `register(program)`.
 * Order here is the order in `breakglass --help`.
 */
import type { Command } from 'commander';
import { register as audit } from './audit.js';
import { register as emulator } from './emulator.js';
import { register as exportCommand } from './export.js';
import { register as init } from './init.js';
import { register as snapshot } from './snapshot.js';
import { register as plan } from './plan.js';
import { register as apply } from './apply.js';
import { register as demo } from './demo.js';
import { register as signins } from './signins.js';
import { register as drill } from './drill.js';
import { register as kql } from './kql.js';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [
  init,
  audit,
  plan,
  apply,
  signins,
  drill,
  kql,
  exportCommand,
  snapshot,
  emulator,
  demo,
];
