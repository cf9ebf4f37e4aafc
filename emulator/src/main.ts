#!/usr/bin/env node
/**
 * The emulator program:
 * `node dist/emulator/src/main.js [--port N] [--tenant FILE]... | [--scenario NAME] [--data DIR] [--faults SPEC] [--seed N]`
 *
 * Prints the three start-up lines of docs/architecture.md; the last one
 * (`BREAKGLASS_EMULATOR_READY {json}`) is for programs waiting for it. Stops on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultFaults, parseFaultSpec } from './faults/spec.js';
import { scenarioTenant } from './scenario-source.js';
import { startEmulator } from './server.js';
import { readTenantFile } from './tenant/parse.js';
import { minimalTenant } from './tenant/minimal.js';

/** A mistake in the command line; printed as one line. */
class FlagError extends Error {
  readonly userFacing = true;
}

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new FlagError(`--${name} must be a non-negative integer, got "${value}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        tenant: { type: 'string', multiple: true },
        scenario: { type: 'string' },
        data: { type: 'string' },
        faults: { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (err) {
    throw new FlagError((err as Error).message);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(
      'usage: breakglass-emulator [--port N] [--tenant FILE]... | [--scenario NAME] [--data DIR] [--faults SPEC] [--seed N]\n',
    );
    return;
  }
  if (v.tenant?.length && v.scenario) throw new FlagError('use either --tenant or --scenario, not both');
  const seed = integer('seed', v.seed, 42);
  const port = integer('port', v.port, 0);
  const faults = parseFaultSpec(v.faults ?? '', { ...defaultFaults, seed });
  const tenants = v.tenant?.length
    ? v.tenant.map((file) => readTenantFile(resolve(file)))
    : [v.scenario ? await scenarioTenant(v.scenario, seed) : minimalTenant(seed)];
  const emulator = await startEmulator({ port, dataDir: v.data ?? undefined, tenants, faults, seed });
  const ready = { url: emulator.url, caFile: emulator.caFile, tenants: [...emulator.state.tenants.keys()] };
  process.stdout.write(
    `breakglass emulator listening on ${emulator.url}\nCA certificate: ${emulator.caFile}\nBREAKGLASS_EMULATOR_READY ${JSON.stringify(ready)}\n`,
  );
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const e = err as Error & { userFacing?: boolean };
  process.stderr.write(e.userFacing ? `breakglass emulator: ${e.message}\n` : `${e.stack ?? String(e)}\n`);
  process.exit(2);
});
