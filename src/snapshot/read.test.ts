import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { parseSnapshot, readSnapshotFile } from './read.js';
import { serializeSnapshot } from './write.js';
import type { Snapshot } from './schema.js';

/** A small valid snapshot; each error case below changes one thing. */
function goodSnapshot(): Record<string, unknown> {
  return {
    formatVersion: 1,
    capturedAt: '2026-11-27T10:00:00Z',
    cloud: 'global',
    graph: {
      organization: [
        {
          id: 't1',
          displayName: 'Contoso',
          verifiedDomains: [{ name: 'contoso.onmicrosoft.com', isInitial: true }],
        },
      ],
      users: [
        {
          id: 'u2',
          userPrincipalName: 'EmergencyAccount_2@contoso.onmicrosoft.com',
          accountEnabled: true,
          extra: { kept: 1 },
        },
        { id: 'u1', userPrincipalName: 'EmergencyAccount_1@contoso.onmicrosoft.com', accountEnabled: true },
      ],
      conditionalAccessPolicies: [
        { id: 'p1', displayName: 'Block legacy', state: 'enabled', conditions: {} },
      ],
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'breakglass-snapshot-read-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

function fileWith(name: string, bytes: Uint8Array | string): string {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  return file;
}

test('reads UTF-8, UTF-8 with BOM, UTF-16LE and UTF-16BE with BOM alike', async () => {
  const text = JSON.stringify(goodSnapshot(), null, 2);
  const utf16be = Buffer.from(text, 'utf16le');
  utf16be.swap16();
  const variants: [string, Uint8Array][] = [
    ['utf8.json', Buffer.from(text, 'utf8')],
    ['utf8-bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
    ['utf16le.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
    ['utf16be.json', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be])],
  ];
  for (const [name, bytes] of variants) {
    const snapshot = await readSnapshotFile(fileWith(name, bytes));
    assert.equal(
      snapshot.graph.users?.[0]?.userPrincipalName,
      'EmergencyAccount_2@contoso.onmicrosoft.com',
      name,
    );
  }
});

test('keeps properties the schema does not name (a snapshot is an archive)', () => {
  const snapshot = parseSnapshot(JSON.stringify(goodSnapshot()), 'x.json');
  assert.deepEqual((snapshot.graph.users?.[0] as Record<string, unknown>).extra, { kept: 1 });
});

test('round trip: write then read gives the same document, sorted by id', () => {
  const original = goodSnapshot();
  const text = serializeSnapshot(original as Snapshot);
  const back = parseSnapshot(text, 'x.json');
  assert.deepEqual(
    back.graph.users?.map((u) => u.id),
    ['u1', 'u2'],
  );
  // Same content, whatever the order: re-serialising the reread document changes nothing.
  assert.equal(serializeSnapshot(back), text);
  const expected = goodSnapshot() as { graph: { users: unknown[] } };
  expected.graph.users.reverse();
  assert.deepEqual(JSON.parse(text), expected);
});

/** One mistake per case; `message` is the whole line the user sees (the file name varies). */
const errorCases: { name: string; content: string | Uint8Array; message: string }[] = [
  {
    name: 'a user without a UPN',
    content: JSON.stringify(mutate((s) => delete users(s)[1]!.userPrincipalName)),
    message: 'FILE: graph.users[1].userPrincipalName: expected string, but it is missing',
  },
  {
    name: 'a UPN of the wrong type',
    content: JSON.stringify(mutate((s) => (users(s)[0]!.userPrincipalName = 42))),
    message: 'FILE: graph.users[0].userPrincipalName: expected string, got number 42',
  },
  {
    name: 'an unknown policy state',
    content: JSON.stringify(
      mutate(
        (s) =>
          ((
            s.graph as { conditionalAccessPolicies: { state: string }[] }
          ).conditionalAccessPolicies[0]!.state = 'on'),
      ),
    ),
    message:
      'FILE: graph.conditionalAccessPolicies[0].state: expected one of "enabled", "disabled", "enabledForReportingButNotEnforced", got string "on"',
  },
  {
    name: 'another format version',
    content: JSON.stringify(mutate((s) => (s.formatVersion = 2))),
    message: 'FILE: formatVersion: expected 1, got number 2',
  },
  {
    name: 'no graph section',
    content: JSON.stringify(mutate((s) => delete s.graph)),
    message: 'FILE: graph: expected object, but it is missing',
  },
  {
    name: 'a top-level array',
    content: '[]',
    message: 'FILE: not a snapshot: expected a JSON object at the top level',
  },
  {
    name: 'a trailing comma (JSON syntax), with line and column',
    content: '{\n  "formatVersion": 1,\n  "graph": {},\n}\n',
    message: 'FILE:3:14: invalid JSON: trailing comma before "}"',
  },
  {
    name: 'a truncated file',
    content: '{\n  "formatVersion": 1,\n  "graph": {',
    message: 'FILE:3:13: invalid JSON: expected a property name in double quotes, found end of file',
  },
  {
    name: 'a syntax error in a UTF-16 file is located in characters, not bytes',
    content: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{\n  "a": tru\n}', 'utf16le')]),
    message: 'FILE:2:8: invalid JSON: unexpected "t"',
  },
  {
    name: 'bytes that are not UTF-8',
    content: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]), // C3 28: a lead byte without its continuation
    message: 'FILE is not valid UTF-8 text',
  },
];

for (const { name, content, message } of errorCases) {
  test(`rejects ${name} with one line naming the file`, async () => {
    const file = fileWith(`case-${errorCases.findIndex((c) => c.name === name)}.json`, content);
    await assert.rejects(readSnapshotFile(file), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.equal(error.message, message.replace('FILE', file));
      assert.ok(!error.message.includes('\n'));
      return true;
    });
  });
}

test('a missing file is a one-line usage error', async () => {
  await assert.rejects(readSnapshotFile(join(dir, 'nope.json')), /snapshot file .*nope\.json does not exist/);
});

function mutate(change: (s: Record<string, unknown>) => void): Record<string, unknown> {
  const s = goodSnapshot();
  change(s);
  return s;
}

function users(s: Record<string, unknown>): Record<string, unknown>[] {
  return (s.graph as { users: Record<string, unknown>[] }).users;
}
