import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { split, combine } from 'shamir-secret-sharing';
import { storeSecrets, combineShares, parseCustody } from './vault.js';
import { generatePassword } from './password.js';

const withDir = async (fn: (dir: string) => Promise<void>) => {
  const dir = mkdtempSync(join(tmpdir(), 'bg-secrets-'));
  try {
    await fn(join(dir, 'secrets'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

test('a secret file is mode 0600 in a 0700 directory', () =>
  withDir(async (dir) => {
    const [path] = await storeSecrets(dir, {
      userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
      password: 'p',
      temporaryAccessPass: 't',
    });
    assert.equal(statSync(path!).mode & 0o777, 0o600);
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(JSON.parse(readFileSync(path!, 'utf8')).password, 'p');
  }));

test('k of n shares rebuild the secret; any k do, and k-1 do not', () =>
  withDir(async (dir) => {
    const secrets = { userPrincipalName: 'bg1@contoso.onmicrosoft.com', password: generatePassword() };
    const paths = await storeSecrets(dir, secrets, parseCustody('3-of-5'));
    assert.equal(paths.length, 5);
    for (const p of paths) assert.equal(statSync(p).mode & 0o777, 0o600);
    assert.deepEqual(await combineShares([paths[4]!, paths[0]!, paths[2]!]), secrets);
    await assert.rejects(combineShares([paths[0]!, paths[1]!]), /needs 3 different shares/);
    await assert.rejects(combineShares([paths[0]!, paths[0]!, paths[1]!]), /needs 3 different shares/);
    // Below the threshold, Shamir's scheme itself yields no information — not the secret.
    const raw = paths.map(
      (p) => new Uint8Array(Buffer.from(JSON.parse(readFileSync(p, 'utf8')).share, 'base64')),
    );
    const wrong = new TextDecoder().decode(await combine(raw.slice(0, 2)));
    assert.ok(!wrong.includes(secrets.password));
  }));

test('a corrupted share is refused', () =>
  withDir(async (dir) => {
    const paths = await storeSecrets(
      dir,
      { userPrincipalName: 'bg1@x', password: 'secret' },
      { threshold: 2, shares: 2 },
    );
    const doc = JSON.parse(readFileSync(paths[1]!, 'utf8'));
    doc.share = Buffer.from((await split(new Uint8Array([1, 2, 3]), 2, 2))[0]!).toString('base64');
    writeFileSync(paths[1]!, JSON.stringify(doc));
    await assert.rejects(combineShares(paths), /corrupted/);
  }));

test('custody syntax is checked', () => {
  assert.deepEqual(parseCustody('2-of-3'), { threshold: 2, shares: 3 });
  for (const bad of ['3', '1-of-3', '4-of-3', 'two-of-three'])
    assert.throws(() => parseCustody(bad), /--split/);
});

test('generated passwords are long, varied and use every class', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 50; i++) {
    const p = generatePassword();
    assert.equal(p.length, 48);
    assert.match(p, /[a-z]/);
    assert.match(p, /[A-Z]/);
    assert.match(p, /[0-9]/);
    assert.match(p, /[^A-Za-z0-9]/);
    seen.add(p);
  }
  assert.equal(seen.size, 50);
});
