import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from './html.js';
import { reportOptions } from './options.js';
import {
  driftedResult,
  fixtureCatalogue,
  goodResult,
  HOSTILE_NAME,
  rebuild,
} from '../../test/fixtures/audit/fixtures.js';

const options = reportOptions({ checks: fixtureCatalogue() });

test('tenant text is escaped everywhere: a hostile policy name stays text', () => {
  const html = renderHtml(driftedResult(), options);
  assert.ok(!html.includes(HOSTILE_NAME));
  assert.ok(!html.includes('<script>alert'));
  assert.ok(!html.includes('<img'));
  assert.ok(html.includes('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;Block&#39;'));
  // Exactly one script element: the page's own.
  assert.equal(html.match(/<script/g)!.length, 1);
});

test('the page is self-contained: a CSP forbidding external loads and no URL to fetch', () => {
  const html = renderHtml(driftedResult(), options);
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
  assert.doesNotMatch(html, /\b(?:src|href)="(?!#)/, 'no src/href other than in-page anchors');
  assert.doesNotMatch(html, /@import|url\(/);
});

test('every failing check and every account of the lockout matrix is on the page', () => {
  const result = driftedResult();
  const html = renderHtml(result, options);
  for (const f of result.findings.filter((x) => x.status === 'fail'))
    assert.ok(html.includes(`<code class="cid">${f.checkId}</code>`));
  assert.equal(html.match(/<tr class="row-blocked">/g)!.length, 2);
  assert.match(html, /class="cell c-would-block"/);
});

test('the verdict, the area cards and the interop note are there', () => {
  const html = renderHtml(goodResult(), options);
  assert.match(html, /Emergency access passes the audit/);
  assert.equal(html.match(/<li class="area /g)!.length, 5);
  assert.match(html, /Maester <code>MT\.1005<\/code>/);
  assert.match(renderHtml(driftedResult(), options), /6 findings fail the audit/);
});

test('the sign-in review appears only when the result carries sign-ins', () => {
  assert.doesNotMatch(renderHtml(goodResult(), options), /id="signins"/);
  const withSignIns = rebuild(goodResult(), {
    signIns: [
      {
        id: 's1',
        createdDateTime: '2026-11-20T10:00:00Z',
        userId: 'u1',
        userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com',
        classification: 'drill',
        drillAt: '2026-11-20T09:58:00Z',
      },
      {
        id: 's2',
        createdDateTime: '2026-11-21T03:12:00Z',
        userId: 'u2',
        userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com',
        classification: 'unexplained',
        ipAddress: '203.0.113.7',
      },
    ],
  });
  const html = renderHtml(withSignIns, options);
  assert.match(html, /<strong>2<\/strong> sign-ins in the review window, <strong>1<\/strong> not matched/);
  assert.match(
    renderHtml(rebuild(goodResult(), { signIns: [] }), options),
    /No sign-in of an emergency account/,
  );
});

test('it names the group as the source of the accounts when there was no config', () => {
  assert.match(
    renderHtml(rebuild(goodResult(), { accountSource: 'group' }), options),
    /Accounts found through the group\./,
  );
});
