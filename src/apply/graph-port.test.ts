import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitQuery } from './graph-port.js';

test('an OData query string is split off so the client can encode it', () => {
  assert.deepEqual(splitQuery("/users?$filter=userPrincipalName eq 'a''b@x'&$select=id"), {
    path: '/users',
    query: { $filter: "userPrincipalName eq 'a''b@x'", $select: 'id' },
  });
  assert.deepEqual(splitQuery('/groups/1/members/$ref'), { path: '/groups/1/members/$ref' });
});
