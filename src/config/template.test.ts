import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './load.js';
import { renderConfigTemplate } from './template.js';
import { defaultConfig } from './schema.js';

test('the template is a valid config equal to the defaults plus the tenant facts', () => {
  const text = renderConfigTemplate({ id: 'tid-1', initialDomain: 'contoso.onmicrosoft.com' });
  const expected = defaultConfig();
  expected.tenant.id = 'tid-1';
  expected.tenant.initialDomain = 'contoso.onmicrosoft.com';
  assert.deepEqual(parseConfig(text, 'breakglass.yaml').config, expected);
});

test('without tenant facts the template still loads, leaving the domain to fill in', () => {
  const text = renderConfigTemplate();
  assert.match(text, /# initialDomain: contoso\.onmicrosoft\.com/);
  assert.deepEqual(parseConfig(text, 'breakglass.yaml').config, defaultConfig());
});

test('every top-level section of the schema appears in the template', () => {
  const text = renderConfigTemplate();
  for (const key of Object.keys(defaultConfig())) assert.match(text, new RegExp(`^${key}:`, 'm'), key);
});
