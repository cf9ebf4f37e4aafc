import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOUDS, emulatorEndpoints, isCloudName, serviceForUrl } from './endpoints.js';

test('each cloud scopes tokens to its own hosts', () => {
  for (const endpoints of Object.values(CLOUDS)) {
    assert.equal(endpoints.scopes.graph, `${endpoints.graph}/.default`);
    assert.equal(endpoints.scopes.arm, `${endpoints.arm}/.default`);
    assert.equal(endpoints.scopes.logAnalytics, `${endpoints.logAnalytics}/.default`);
  }
  assert.equal(CLOUDS.usgov.graph, 'https://graph.microsoft.us');
  assert.equal(CLOUDS.china.authorityHost, 'https://login.chinacloudapi.cn');
});

test('the emulator serves every service from one base by prefix, with public-cloud scopes', () => {
  const e = emulatorEndpoints('https://127.0.0.1:8443/');
  assert.deepEqual(
    [e.authorityHost, e.graph, e.arm, e.logAnalytics],
    [
      'https://127.0.0.1:8443',
      'https://127.0.0.1:8443/graph',
      'https://127.0.0.1:8443/arm',
      'https://127.0.0.1:8443/loganalytics',
    ],
  );
  assert.deepEqual(e.scopes, CLOUDS.global.scopes);
});

test('serviceForUrl tells services apart, and knows no foreign host', () => {
  const e = emulatorEndpoints('https://127.0.0.1:8443');
  const cases: [string, string | undefined][] = [
    ['https://127.0.0.1:8443/graph/v1.0/users', 'graph'],
    ['https://127.0.0.1:8443/arm/subscriptions?api-version=1', 'arm'],
    ['https://127.0.0.1:8443/loganalytics/v1/workspaces/x/query', 'logAnalytics'],
    ['https://127.0.0.1:8443/graphx/v1.0/users', undefined],
    ['https://127.0.0.1:8443/_emulator/info', undefined],
    ['https://evil.example/graph/v1.0/users', undefined],
  ];
  for (const [url, expected] of cases) assert.equal(serviceForUrl(e, url), expected, url);
  assert.equal(serviceForUrl(CLOUDS.global, 'https://graph.microsoft.com/v1.0/$batch'), 'graph');
  assert.equal(serviceForUrl(CLOUDS.global, 'https://graph.microsoft.us/v1.0/users'), undefined);
  assert.ok(isCloudName('usgov') && !isCloudName('germany'));
});
