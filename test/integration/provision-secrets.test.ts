/**
 * Issue 4, done-when 5: the passwords and Temporary Access Passes apply generates exist only in
 * the `--secrets-out` files. Two tenants are provisioned through the CLI — one with plain secret
 * files, one with `--split 2-of-3` — and every generated secret (read back from those files,
 * rebuilt from the shares) is searched for in everything else the tool and the tenant produced:
 * stdout and stderr of every CLI run, the plan files, every row of the state stores, the emulator's
 * exports and log, a `breakglass snapshot` file, and the audit reports in every format. None may
 * appear. Secret files are mode 0600 in a 0700 directory; any two of three shares rebuild a secret
 * and a single share neither rebuilds nor reveals it.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { combineShares } from '../../src/secrets/vault.js';
import { StateStore } from '../../src/state/store.js';
import { runCli, type CliRun } from '../golden/cli.js';
import { emulatorSkipReason, tempDir, type TestEmulator } from '../helpers/emulator.js';
import {
  firstTenant,
  loadTenantCopy,
  pointCliAtEmulator,
  readSecretFiles,
  scenarioTemplate,
  startProvisioningEmulator,
} from '../helpers/provisioning.js';

const skip = emulatorSkipReason();

/** The audit report formats written to files (the terminal one is stdout). */
const REPORTS = [
  'json=audit.json',
  'html=audit.html',
  'sarif=audit.sarif',
  'markdown=audit.md',
  'junit=audit.xml',
];

/** One provisioned tenant and everything its CLI runs left behind. */
interface Provisioned {
  tenantId: string;
  dir: string;
  runs: { args: string[]; run: CliRun }[];
  split: boolean;
}

describe('generated secrets stay in the secrets directory', { skip }, () => {
  let t: TestEmulator;
  let work: { path: string; remove: () => void };
  let restoreEnv: () => void;
  const tenants: Provisioned[] = [];

  /** init, plan -o, apply (with or without --split), a snapshot and an audit with every report. */
  async function provision(tenantId: string, split: boolean): Promise<Provisioned> {
    const dir = join(work.path, split ? 'split' : 'plain');
    const p: Provisioned = { tenantId, dir, runs: [], split };
    const cli = async (...args: string[]) => {
      const run = await runCli(args, dir);
      p.runs.push({ args, run });
      return run;
    };
    mkdirSync(dir, { recursive: true });
    const expectOk = (run: CliRun, what: string) =>
      assert.equal(run.code, 0, `${what}: ${run.stderr}\n${run.stdout}`);
    expectOk(await cli('init', '--tenant', tenantId), 'init');
    expectOk(await cli('plan', '-o', 'plan.json'), 'plan');
    expectOk(
      await cli('apply', 'plan.json', '--secrets-out', 'secrets', ...(split ? ['--split', '2-of-3'] : [])),
      'apply',
    );
    expectOk(await cli('snapshot', '-o', 'tenant.snapshot.json'), 'snapshot');
    const audit = await cli('audit', ...REPORTS.flatMap((r) => ['--report', r]));
    assert.ok(audit.code === 0 || audit.code === 1, `audit: ${audit.stderr}`);
    return p;
  }

  before(async () => {
    work = tempDir('breakglass-provision-secrets-');
    t = await startProvisioningEmulator('empty');
    restoreEnv = pointCliAtEmulator(t.emulator.url);
    const { tenantId } = await firstTenant(t.control);
    const second = await loadTenantCopy(t.control, await scenarioTemplate(t.control, tenantId));
    tenants.push(...(await Promise.all([provision(tenantId, false), provision(second, true)])));
  });
  after(async () => {
    restoreEnv?.();
    await t?.stop();
    work?.remove();
  });

  /** Every generated secret of a tenant, by what it is: from the files, or rebuilt from shares. */
  async function secretsOf(p: Provisioned): Promise<{ what: string; value: string }[]> {
    const dir = join(p.dir, 'secrets');
    let documents: Record<string, unknown>[];
    if (!p.split) {
      documents = readSecretFiles(dir).map((f) => f.document);
    } else {
      const groups = new Map<string, string[]>();
      for (const f of readdirSync(dir)) {
        const key = f.replace(/\.share-\d+-of-\d+\.json$/, '');
        groups.set(key, [...(groups.get(key) ?? []), join(dir, f)]);
      }
      documents = [];
      for (const paths of groups.values())
        documents.push((await combineShares(paths.slice(0, 2))) as unknown as Record<string, unknown>);
    }
    return documents.flatMap((d) =>
      (['password', 'temporaryAccessPass'] as const)
        .filter((k) => typeof d[k] === 'string')
        .map((k) => ({ what: `${k} of ${String(d.userPrincipalName)}`, value: d[k] as string })),
    );
  }

  test('each account has a password and a pass, in 0600 files in a 0700 directory', async () => {
    for (const p of tenants) {
      const dir = join(p.dir, 'secrets');
      assert.equal(statSync(dir).mode & 0o777, 0o700, dir);
      const files = readdirSync(dir);
      assert.equal(files.length, p.split ? 2 * 2 * 3 : 2 * 2, `files in ${dir}: ${files.join(', ')}`);
      for (const f of files) assert.equal(statSync(join(dir, f)).mode & 0o777, 0o600, f);
      const secrets = await secretsOf(p);
      assert.equal(secrets.filter((s) => s.what.startsWith('password')).length, 2);
      assert.equal(secrets.filter((s) => s.what.startsWith('temporaryAccessPass')).length, 2);
      assert.equal(new Set(secrets.map((s) => s.value)).size, 4, 'every secret is different');
    }
  });

  test('any two of three shares rebuild a secret; one share neither rebuilds nor reveals it', async () => {
    const p = tenants.find((x) => x.split)!;
    const dir = join(p.dir, 'secrets');
    // The three shares of the first account's password.
    const passwordShares = readdirSync(dir)
      .filter((f) => f.includes('.password.share-'))
      .sort();
    const account = passwordShares[0]!.split('.password.share-')[0]!;
    const shares = passwordShares.filter((f) => f.startsWith(`${account}.`)).map((f) => join(dir, f));
    assert.equal(shares.length, 3);
    const rebuilt = await Promise.all([
      combineShares([shares[0]!, shares[1]!]),
      combineShares([shares[1]!, shares[2]!]),
      combineShares([shares[2]!, shares[0]!]),
    ]);
    assert.ok(typeof rebuilt[0].password === 'string' && rebuilt[0].password.length >= 16);
    assert.deepEqual(rebuilt[1], rebuilt[0]);
    assert.deepEqual(rebuilt[2], rebuilt[0]);
    for (const share of shares) {
      await assert.rejects(combineShares([share]), /needs 2 different shares/);
      assert.ok(!readFileSync(share, 'utf8').includes(rebuilt[0].password!), `${share} reveals nothing`);
    }
  });

  test('no generated secret appears in any output, plan, state row, export, snapshot or report', async () => {
    const haystacks: { where: string; text: string }[] = [];
    for (const p of tenants) {
      const label = p.split ? 'split' : 'plain';
      for (const { args, run } of p.runs) {
        haystacks.push({ where: `${label}: stdout of breakglass ${args.join(' ')}`, text: run.stdout });
        haystacks.push({ where: `${label}: stderr of breakglass ${args.join(' ')}`, text: run.stderr });
      }
      for (const file of [
        'plan.json',
        'tenant.snapshot.json',
        'breakglass.yaml',
        ...REPORTS.map((r) => r.split('=')[1]!),
      ])
        haystacks.push({ where: `${label}: ${file}`, text: readFileSync(join(p.dir, file), 'utf8') });
      const store = new StateStore(join(p.dir, '.breakglass', 'state.db'));
      try {
        const rows = store.dumpForInspection();
        assert.match(rows, /temporary-access-pass\[EmergencyAccount_1\]/, 'the journal was read');
        haystacks.push({ where: `${label}: state store rows`, text: rows });
      } finally {
        store.close();
      }
      for (const withApps of [false, true])
        haystacks.push({
          where: `${label}: emulator export${withApps ? ' with apps' : ''}`,
          text: JSON.stringify(await t.control.snapshot(p.tenantId, withApps)),
        });
    }
    haystacks.push({ where: "the emulator's own output", text: t.emulator.output() });

    const secrets = (await Promise.all(tenants.map((p) => secretsOf(p)))).flat();
    assert.equal(secrets.length, 8);
    const leaks = secrets.flatMap((s) =>
      haystacks.filter((h) => h.text.includes(s.value)).map((h) => `${s.what} in ${h.where}`),
    );
    assert.deepEqual(leaks, []);
    // The search can find what it looks for: the account names are in the reports it read.
    assert.ok(haystacks.some((h) => h.where.endsWith('audit.html') && h.text.includes('EmergencyAccount_1')));
  });
});
