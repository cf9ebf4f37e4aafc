import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestEmulator, type TestEmulator } from '../test-support.js';
import { tokenLifetimeSeconds, verifyBearer } from './tokens.js';

describe('verifyBearer', () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(() => emu.close());

  it('accepts a token on every use until the clock passes its expiry, then answers expired', async () => {
    const state = emu.emulator.state;
    const token = await emu.token();
    for (let use = 0; use < 3; use++) {
      const check = await verifyBearer(state, `Bearer ${token}`, 'graph');
      assert.equal(check.ok, true);
    }
    state.clock.advance(tokenLifetimeSeconds + 1);
    const check = await verifyBearer(state, `Bearer ${token}`, 'graph');
    assert.equal(check.ok, false);
    assert.equal(!check.ok && check.problem.kind, 'expired');
  });

  it('refuses a token whose signature does not match, also after the genuine one was accepted', async () => {
    const state = emu.emulator.state;
    const token = await emu.token();
    assert.equal((await verifyBearer(state, `Bearer ${token}`, 'graph')).ok, true);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const tail = signature.endsWith('AAAA') ? 'BBBB' : 'AAAA';
    const forged = `${header}.${payload}.${signature.slice(0, -4)}${tail}`;
    const check = await verifyBearer(state, `Bearer ${forged}`, 'graph');
    assert.equal(!check.ok && check.problem.kind, 'malformed');
  });

  it('checks the audience on every use', async () => {
    const state = emu.emulator.state;
    const token = await emu.token({ resource: 'arm' });
    assert.equal((await verifyBearer(state, `Bearer ${token}`, 'arm')).ok, true);
    const check = await verifyBearer(state, `Bearer ${token}`, 'graph');
    assert.equal(!check.ok && check.problem.kind, 'audience');
  });
});
