import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { cacheDirectory } from './cache-directory.js';

const cases: { name: string; env: Record<string, string>; expected: string | undefined }[] = [
  { name: 'nothing set: ~/.cache/breakglass', env: {}, expected: join(homedir(), '.cache', 'breakglass') },
  { name: 'XDG_CACHE_HOME', env: { XDG_CACHE_HOME: '/var/cache/ci' }, expected: '/var/cache/ci/breakglass' },
  {
    name: 'BREAKGLASS_CACHE_DIR wins over XDG_CACHE_HOME',
    env: { BREAKGLASS_CACHE_DIR: '/srv/bg-cache', XDG_CACHE_HOME: '/var/cache/ci' },
    expected: '/srv/bg-cache',
  },
  {
    name: 'BREAKGLASS_CACHE_DIR=off turns caching off',
    env: { BREAKGLASS_CACHE_DIR: 'off' },
    expected: undefined,
  },
  {
    name: 'an empty BREAKGLASS_CACHE_DIR is as if unset',
    env: { BREAKGLASS_CACHE_DIR: '' },
    expected: join(homedir(), '.cache', 'breakglass'),
  },
];

for (const c of cases) {
  test(`cacheDirectory: ${c.name}`, () => {
    assert.equal(cacheDirectory(c.env), c.expected);
  });
}
