import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderHtml } from './html.js';
import {
  driftedResult,
  fixtureOptions,
  goodResult,
  HOSTILE_NAME,
  rebuild,
  reviewedSignIns,
  whatIfChecks,
} from '../../test/fixtures/audit/fixtures.js';

const options = fixtureOptions();

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
  const withSignIns = rebuild(goodResult(), { signIns: reviewedSignIns() });
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

test('the What If cross-check: each account agrees or not, each disagreement with both sides, escaped', () => {
  assert.doesNotMatch(renderHtml(goodResult(), options), /id="whatif"/);
  const html = renderHtml(rebuild(goodResult(), { whatIf: whatIfChecks() }), options);
  const start = html.indexOf('<section id="whatif"');
  assert.ok(start > 0, 'the section is there');
  const section = html.slice(start, html.indexOf('</section>', start));
  assert.match(section, /<strong>1 of 2<\/strong> accounts agree/);
  assert.match(
    section,
    /agrees<\/span> <strong class="acct-name">EmergencyAccount_1<wbr>@contoso\.onmicrosoft\.com<\/strong> <span class="wi-tally">4\/4 policies agree · sign-in from <code>203\.0\.113\.250<\/code>/,
  );
  assert.match(
    section,
    /disagrees<\/span> <strong class="acct-name">EmergencyAccount_2<wbr>@[^<]*<\/strong> <span class="wi-tally">3\/4 policies agree, 1 disagreement/,
  );
  const rows = section.match(/<tr><th scope="row">.*<\/tr>/g)!;
  assert.equal(rows.length, 1, 'one row per disagreement');
  const row = rows[0]!;
  assert.ok(!row.includes('<script') && !row.includes('<img'));
  assert.ok(row.includes('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp; &#39;Block&#39;'));
  assert.match(
    row,
    /<td><strong>applies<\/strong><span class="wi-why">block: Includes the account through All users;[^<]*<\/span><\/td>/,
  );
  assert.match(row, /<td><strong>does not apply<\/strong><span class="wi-why">location<\/span><\/td><\/tr>$/);
  assert.equal(html.match(/<script/g)!.length, 1);
  assert.match(
    renderHtml(rebuild(goodResult(), { whatIf: [] }), options),
    /id="whatif"[\s\S]*Nothing compared: no account or no policies were read\./,
  );
});
