/**
 * Locating files that ship with the package (docs, fixtures, the emulator program) from compiled
 * code, whatever output directory it was built into.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/** The package root: the nearest ancestor of this file with breakglass's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'breakglass'
    ) {
      return (cachedRoot = dir);
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the breakglass package root');
    dir = parent;
  }
}

/** The compiled output root (the directory holding src/ and emulator/), e.g. dist/. */
export function buildRoot(): string {
  // This file compiles to <buildRoot>/src/paths.js.
  return dirname(dirname(fileURLToPath(import.meta.url)));
}

/** Entry point of the compiled emulator program, started as a child process — never imported. */
export function emulatorEntry(): string {
  return join(buildRoot(), 'emulator', 'src', 'main.js');
}
