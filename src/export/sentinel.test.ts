import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, renderSentinelWatchlist } from './sentinel.js';

test('one row per account under the AccountUPN/UserId header, CRLF line ends', () => {
  const csv = renderSentinelWatchlist({
    tenantId: 't',
    accountSource: 'config',
    accounts: [{ id: 'u1', userPrincipalName: 'a@x', displayName: 'Break, "Glass"' }],
  });
  assert.equal(
    csv,
    'AccountUPN,UserId,DisplayName,Notes\r\na@x,u1,"Break, ""Glass""",Emergency access account (breakglass)\r\n',
  );
});

const cells: [string, string][] = [
  ['plain', 'plain'],
  ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
  ['+1', "'+1"],
  ['@sum', "'@sum"],
  ['line\nbreak', '"line\nbreak"'],
];
for (const [input, output] of cells) {
  test(`csv cell ${JSON.stringify(input)}`, () => assert.equal(csvCell(input), output));
}
