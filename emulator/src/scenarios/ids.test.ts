import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdSpace, nameGuid, roleAssignmentId } from './ids.js';

test('name GUIDs are stable, well-formed and distinct per name', () => {
  const a = nameGuid('contoso/user:EmergencyAccount_1');
  assert.equal(a, nameGuid('contoso/user:EmergencyAccount_1'));
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.notEqual(a, nameGuid('contoso/user:EmergencyAccount_2'));
});

test('name GUIDs do not collide over a large tenant’s worth of names', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) seen.add(nameGuid(`woodgrove/user:u${i}`));
  assert.equal(seen.size, 100_000);
});

test('two tenants never share generated ids for the same name', () => {
  assert.notEqual(new IdSpace('contoso').user('x'), new IdSpace('fabrikam').user('x'));
  assert.notEqual(new IdSpace('contoso').tenantId, new IdSpace('fabrikam').tenantId);
});

test('role assignment ids follow Entra’s composite form and differ per principal', () => {
  const ga = '62e90394-69f5-4237-9190-012177145e10';
  const id = roleAssignmentId(ga, '4ab0b690-479b-47ff-b3b4-ef0a6f5e1b53');
  // Entra's ids for Global Administrator assignments start with the role's bytes "lAPpYvVpN0KRkAEhdxReE".
  assert.ok(id.startsWith('lAPpYvVpN0KRkAEhdxReE'), id);
  assert.ok(id.endsWith('-1'));
  assert.notEqual(id, roleAssignmentId(ga, '00000000-0000-0000-0000-000000000001'));
});
