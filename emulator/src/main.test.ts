import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { httpsCall } from './test-support.js';
import { minimalTenant } from './tenant/minimal.js';

// The compiled program sits beside this compiled test.
const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));

interface Started {
  lines: string[];
  ready: { url: string; caFile: string; tenants: string[] };
  stop(): Promise<number | null>;
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within 20 s: ${out}${err}`)), 20_000);
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const lines = out.split('\n');
      const readyLine = lines.find((l) => l.startsWith('BREAKGLASS_EMULATOR_READY '));
      if (!readyLine) return;
      clearTimeout(timer);
      resolve({
        lines: lines.filter(Boolean),
        ready: JSON.parse(readyLine.slice('BREAKGLASS_EMULATOR_READY '.length)) as Started['ready'],
        stop: () =>
          new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}: ${err}`));
    });
  });
}

function run(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

describe('emulator program', () => {
  const dir = mkdtempSync(join(tmpdir(), 'emucore-main-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the three start-up lines, serves /_emulator/info, and keeps its CA in the data dir', async () => {
    const data = join(dir, 'data');
    const tenantFile = join(dir, 'tenant.json');
    const doc = minimalTenant(21);
    writeFileSync(
      tenantFile,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(JSON.stringify(doc), 'utf16le')]),
    );
    const first = await start(['--port', '0', '--tenant', tenantFile, '--data', data, '--seed', '21']);
    try {
      assert.match(first.lines[0]!, /^breakglass emulator listening on https:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(first.lines[1], `CA certificate: ${join(data, 'ca.pem')}`);
      assert.equal(first.ready.caFile, join(data, 'ca.pem'));
      assert.deepEqual(first.ready.tenants, [doc.graph.organization![0]!.id]);
      const ca = readFileSync(first.ready.caFile, 'utf8');
      const info = await httpsCall(`${first.ready.url}/_emulator/info`, ca, 'GET');
      assert.equal(info.body.caCertificate, ca);
      assert.equal(info.body.endpoints.graph, `${first.ready.url}/graph`);
      assert.equal(info.body.tenants[0].initialDomain, 'contoso.onmicrosoft.com');
      assert.ok(info.body.tenants[0].adminApp.clientSecret);
    } finally {
      assert.equal(await first.stop(), 0);
    }
    const caBefore = readFileSync(join(data, 'ca.pem'), 'utf8');
    const second = await start(['--tenant', tenantFile, '--data', data]);
    await second.stop();
    assert.equal(readFileSync(join(data, 'ca.pem'), 'utf8'), caBefore, 'the CA is reused on later starts');
  });

  const mistakes: { args: string[]; message: RegExp }[] = [
    { args: ['--port', 'abc'], message: /--port must be a non-negative integer/ },
    { args: ['--faults', 'throttle=5'], message: /invalid fault spec/ },
    { args: ['--tenant', '/nonexistent/tenant.json'], message: /cannot read tenant file/ },
    { args: ['--scenario', 'no-such-scenario'], message: /unknown scenario "no-such-scenario"/ },
    { args: ['--bogus'], message: /Unknown option '--bogus'/ },
  ];
  for (const m of mistakes) {
    it(`${m.args.join(' ')} → one line and exit 2`, async () => {
      const { code, stderr } = await run(m.args);
      assert.equal(code, 2);
      assert.match(stderr, m.message);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
    });
  }
});
