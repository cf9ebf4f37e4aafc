import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixFromMarkdown } from './check-catalogue.js';

test('the fix is the first paragraph under "How to fix", flattened', () => {
  const doc =
    '# EA-X\n\n## Rationale\nWhy.\n\n## How to fix\n\nAdd the **group** to the\n[exclusions](https://learn.microsoft.com).\n\nPortal: …\n\n## References\n';
  assert.equal(fixFromMarkdown(doc), 'Add the group to the exclusions.');
});

test('a list under the heading gives its first item', () => {
  assert.equal(
    fixFromMarkdown('## How to fix\n- Enable the account.\n- Then re-run.\n'),
    'Enable the account.',
  );
});

test('no section, no fix', () => {
  assert.equal(fixFromMarkdown('## Rationale\ntext\n'), undefined);
});
