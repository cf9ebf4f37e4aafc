/**
 * The explicit command registry. Each command is one file exporting `register(program)`.
 * Order here is the order in `breakglass --help`.
 */
import type { Command } from 'commander';

export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
