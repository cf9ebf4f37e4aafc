import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../errors.js';
import type { EmulatorInfoDocument } from './emulator-control.js';
import {
  discoverEmulator,
  isLoopbackUrl,
  normaliseEmulatorUrl,
  pickEmulatorTenant,
} from './emulator-info.js';

test('normaliseEmulatorUrl accepts host:port and https URLs, refuses plain http', () => {
  const cases: [string, string | RegExp][] = [
    ['127.0.0.1:8443', 'https://127.0.0.1:8443'],
    ['https://127.0.0.1:8443/', 'https://127.0.0.1:8443'],
    ['https://localhost:9000/graph/v1.0', 'https://localhost:9000'],
    ['http://127.0.0.1:8443', /speaks https, not http/],
    ['https://', /not a URL/],
  ];
  for (const [input, expected] of cases) {
    if (typeof expected === 'string') assert.equal(normaliseEmulatorUrl(input), expected, input);
    else
      assert.throws(
        () => normaliseEmulatorUrl(input),
        (e: Error) => e instanceof UsageError && expected.test(e.message),
      );
  }
});

test('isLoopbackUrl knows this machine only', () => {
  const cases: [string, boolean][] = [
    ['https://127.0.0.1:1', true],
    ['https://127.8.9.10:1', true],
    ['https://localhost:1', true],
    ['https://[::1]:1', true],
    ['https://10.0.0.1:1', false],
    ['https://emulator.example:1', false],
  ];
  for (const [url, expected] of cases) assert.equal(isLoopbackUrl(url), expected, url);
});

test('a remote emulator without a CA is refused before any request', async () => {
  await assert.rejects(
    discoverEmulator('https://emulator.example:8443', { env: {} }),
    /set BREAKGLASS_EMULATOR_CA to the CA file it printed/,
  );
});

test('pickEmulatorTenant picks by id, case-insensitively, or the first', () => {
  const info: EmulatorInfoDocument = {
    caCertificate: '',
    endpoints: { authorityHost: '', graph: '', arm: '', logAnalytics: '' },
    tenants: [
      { tenantId: 'AAAA', adminApp: null },
      { tenantId: 'bbbb', adminApp: null },
    ],
  };
  assert.equal(pickEmulatorTenant(info).tenantId, 'AAAA');
  assert.equal(pickEmulatorTenant(info, 'BBBB').tenantId, 'bbbb');
  assert.throws(() => pickEmulatorTenant(info, 'cccc'), /no tenant cccc \(loaded: AAAA, bbbb\)/);
  assert.throws(() => pickEmulatorTenant({ ...info, tenants: [] }), /no tenant loaded/);
});
