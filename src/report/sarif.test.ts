import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isReported, renderSarif, ruleName } from './sarif.js';
import { reportOptions } from './options.js';
import {
  driftedResult,
  fixtureCatalogue,
  goodResult,
  HOSTILE_NAME,
} from '../../test/fixtures/audit/fixtures.js';

const options = reportOptions({
  checks: fixtureCatalogue(),
  docsBaseUri: 'https://example.test/breakglass/',
  artifactUri: 'breakglass.yaml',
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The SARIF 2.1.0 schema's required properties and value sets for what we emit, plus GitHub code
 * scanning's expectations (absolute helpUri, security-severity as a number string).
 */
function sarifProblems(log: Json): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  need(log['version'] === '2.1.0', 'version 2.1.0');
  need(typeof log['$schema'] === 'string', '$schema');
  need(Array.isArray(log['runs']) && log['runs'].length === 1, 'one run');
  for (const run of log['runs'] as Json[]) {
    const driver = run['tool']?.['driver'];
    need(typeof driver?.['name'] === 'string', 'tool.driver.name');
    const rules = driver['rules'] as Json[];
    const ids = rules.map((r) => r['id']);
    need(new Set(ids).size === ids.length, 'unique rule ids');
    for (const rule of rules) {
      need(typeof rule['id'] === 'string', 'rule.id');
      need(/^[A-Za-z0-9]+$/.test(rule['name']), `rule.name ${rule['id']}`);
      need(typeof rule['shortDescription']?.['text'] === 'string', `shortDescription ${rule['id']}`);
      need(typeof rule['fullDescription']?.['text'] === 'string', `fullDescription ${rule['id']}`);
      need(
        typeof rule['help']?.['text'] === 'string' && typeof rule['help']?.['markdown'] === 'string',
        `help ${rule['id']}`,
      );
      need(
        /^https?:\/\/.+\/docs\/checks\/EA-[A-Z]+-\d{3}\.md$/.test(rule['helpUri']),
        `absolute helpUri ${rule['id']}`,
      );
      need(
        ['error', 'warning', 'note', 'none'].includes(rule['defaultConfiguration']?.['level']),
        `level ${rule['id']}`,
      );
      need(
        /^\d+(\.\d+)?$/.test(rule['properties']?.['security-severity']),
        `security-severity ${rule['id']}`,
      );
    }
    for (const result of run['results'] as Json[]) {
      need(typeof result['message']?.['text'] === 'string', 'result.message.text');
      need(ids.includes(result['ruleId']), `ruleId ${result['ruleId']} has a rule`);
      need(rules[result['ruleIndex']]?.['id'] === result['ruleId'], 'ruleIndex points at the rule');
      need(
        ['pass', 'open', 'informational', 'notApplicable', 'review', 'fail'].includes(result['kind']),
        'kind',
      );
      need(result['kind'] === 'fail' || result['level'] === 'none', 'a non-fail kind has level none');
      need(result['locations']?.[0]?.['logicalLocations']?.[0]?.['fullyQualifiedName'], 'logical location');
      need(
        result['locations']?.[0]?.['physicalLocation']?.['artifactLocation']?.['uri'] === 'breakglass.yaml',
        'physical location',
      );
      need(typeof result['partialFingerprints']?.['breakglassFinding/v1'] === 'string', 'fingerprint');
    }
  }
  return problems;
}

test('the log has every required SARIF field', () => {
  for (const result of [goodResult(), driftedResult()]) {
    assert.deepEqual(sarifProblems(JSON.parse(renderSarif(result, options)) as Json), []);
  }
});

test('one rule per check, with level and security-severity by severity', () => {
  const log = JSON.parse(renderSarif(goodResult(), options)) as Json;
  const rules = log['runs'][0]['tool']['driver']['rules'] as Json[];
  assert.equal(rules.length, fixtureCatalogue().size);
  const byId = Object.fromEntries(rules.map((r) => [r['id'], r]));
  assert.equal(byId['EA-CA-004']['defaultConfiguration']['level'], 'error');
  assert.equal(byId['EA-CA-004']['properties']['security-severity'], '9.5');
  assert.equal(byId['EA-MON-002']['defaultConfiguration']['level'], 'warning');
  assert.equal(byId['EA-ACC-010']['defaultConfiguration']['level'], 'note');
  assert.equal(byId['EA-CA-004']['helpUri'], 'https://example.test/breakglass/docs/checks/EA-CA-004.md');
  assert.match(byId['EA-CA-004']['help']['markdown'], /\*\*How to fix:\*\* Exclude the group/);
});

test('results: problems and skips are reported, passes are not', () => {
  const result = driftedResult();
  const log = JSON.parse(renderSarif(result, options)) as Json;
  const results = log['runs'][0]['results'] as Json[];
  assert.equal(results.length, result.findings.filter(isReported).length);
  assert.equal(
    results.length,
    result.summary.fail + result.summary.warn + result.summary.error + result.summary.skip,
  );
  assert.equal(JSON.parse(renderSarif(goodResult(), options))['runs'][0]['results'].length, 0);
  const hostile = results.find((r) => r['ruleId'] === 'EA-CA-003')!;
  assert.equal(hostile['level'], 'error');
  assert.equal(hostile['locations'][0]['logicalLocations'][0]['name'], HOSTILE_NAME);
  const skip = results.find((r) => r['ruleId'] === 'EA-OPS-001')!;
  assert.deepEqual([skip['kind'], skip['level']], ['review', 'none']);
  const warn = results.find((r) => r['ruleId'] === 'EA-ACC-009')!;
  assert.equal(warn['level'], 'note');
});

test('fingerprints are stable across runs and distinct across subjects', () => {
  const a = JSON.parse(renderSarif(driftedResult(), options))['runs'][0]['results'] as Json[];
  const b = JSON.parse(renderSarif(driftedResult(), options))['runs'][0]['results'] as Json[];
  const prints = a.map((r) => r['partialFingerprints']['breakglassFinding/v1']);
  assert.deepEqual(
    prints,
    b.map((r) => r['partialFingerprints']['breakglassFinding/v1']),
  );
  assert.equal(new Set(prints).size, prints.length);
});

test('rule names are identifiers made from the title', () => {
  assert.equal(
    ruleName('No other Conditional Access policy applies to the accounts'),
    'NoOtherConditionalAccessPolicyAppliesToTheAccounts',
  );
  assert.equal(
    ruleName('Each account’s password never expires (1-hour)'),
    'EachAccountSPasswordNeverExpires1Hour',
  );
});
