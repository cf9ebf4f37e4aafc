/**
 * Executors for directory objects: the group, the accounts, membership, roles and methods.
 */
import type { Executor } from '../executor.js';
import { isAlreadyDone, isNotFound, odataString } from '../executor.js';
import { generatePassword } from '../../secrets/password.js';
import { storeSecrets } from '../../secrets/vault.js';
import { UsageError } from '../../errors.js';

interface Listing<T> {
  value: T[];
}
interface IdOnly {
  id: string;
}

export const createGroup: Executor = async (change, { env, resolve, createdIds }) => {
  if (change.action === 'update') {
    const { groupId, patch } = resolve<{ groupId: string; patch: Record<string, unknown> }>(change.spec);
    await env.graph.patch(`/groups/${groupId}`, patch);
    return { id: groupId };
  }
  const body = resolve<{ displayName: string; isAssignableToRole: boolean }>(change.spec.body!);
  const found = await env.graph.get<Listing<IdOnly & { isAssignableToRole?: boolean }>>(
    `/groups?$filter=displayName eq ${odataString(body.displayName)}&$select=id,isAssignableToRole`,
  );
  const existing = found.value.find((g) => Boolean(g.isAssignableToRole) === body.isAssignableToRole);
  if (existing) return { id: existing.id };
  const created = await env.graph.post<IdOnly>('/groups', body);
  createdIds.add(created.id);
  return { id: created.id };
};

export const createOrUpdateAccount: Executor = async (change, { env, resolve, createdIds }) => {
  if (change.action === 'update') {
    const { userId, patch } = resolve<{ userId: string; patch: Record<string, unknown> }>(change.spec);
    await env.graph.patch(`/users/${userId}`, patch);
    return { id: userId };
  }
  const body = resolve<{ userPrincipalName: string }>(change.spec.body!);
  if (!env.secretsOut)
    throw new UsageError('creating an account makes a password: give --secrets-out DIR so it can be kept');
  const password = generatePassword();
  const passwordProfile = {
    password,
    forceChangePasswordNextSignIn: false,
    forceChangePasswordNextSignInWithMfa: false,
  };
  const found = await env.graph.get<Listing<IdOnly>>(
    `/users?$filter=userPrincipalName eq ${odataString(body.userPrincipalName)}&$select=id`,
  );
  let id: string;
  if (found.value[0]) {
    // We made it on an earlier try whose answer was lost, so its password is unknown: set a new one.
    id = found.value[0].id;
    await env.graph.patch(`/users/${id}`, { passwordProfile });
  } else {
    id = (await env.graph.post<IdOnly>('/users', { ...body, passwordProfile })).id;
    createdIds.add(id);
  }
  const paths = await storeSecrets(
    env.secretsOut,
    { userPrincipalName: body.userPrincipalName, password },
    env.custody,
    'password',
  );
  env.log(
    `  password for ${body.userPrincipalName} written to ${paths.length > 1 ? `${paths.length} share files` : paths[0]}`,
  );
  return { id };
};

export const enableAccount: Executor = async (change, { env, resolve }) => {
  const { userId } = resolve<{ userId: string }>(change.spec);
  await env.graph.patch(`/users/${userId}`, { accountEnabled: true });
  return { id: userId };
};

export const changeMembership: Executor = async (change, { env, resolve }) => {
  const { groupId, memberId } = resolve<{ groupId: string; memberId: string }>(change.spec);
  try {
    if (change.action === 'delete') {
      await env.graph.delete(`/groups/${groupId}/members/${memberId}/$ref`);
    } else {
      await env.graph.post(`/groups/${groupId}/members/$ref`, {
        '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${memberId}`,
      });
    }
  } catch (error) {
    // Adding a member twice answers 400 "already exist"; removing one already gone answers 404.
    if (!(change.action === 'delete' ? isNotFound(error) : isAlreadyDone(error))) throw error;
  }
  return { groupId, memberId };
};

export const assignRole: Executor = async (change, { env, resolve }) => {
  const spec = resolve<{ via: 'pim' | 'direct'; body: { principalId: string; roleDefinitionId: string } }>(
    change.spec,
  );
  const { principalId, roleDefinitionId } = spec.body;
  if (spec.via === 'direct') {
    const existing = await env.graph.get<Listing<IdOnly>>(
      `/roleManagement/directory/roleAssignments?$filter=principalId eq ${odataString(principalId)} and roleDefinitionId eq ${odataString(roleDefinitionId)}`,
    );
    if (existing.value[0]) return { id: existing.value[0].id };
    return { id: (await env.graph.post<IdOnly>('/roleManagement/directory/roleAssignments', spec.body)).id };
  }
  try {
    return {
      id: (
        await env.graph.post<IdOnly>('/roleManagement/directory/roleAssignmentScheduleRequests', spec.body)
      ).id,
    };
  } catch (error) {
    if (isAlreadyDone(error) || (error as { code?: string }).code === 'RoleAssignmentExists')
      return { id: principalId };
    throw error;
  }
};

export const setEmailMethod: Executor = async (change, { env, resolve }) => {
  const { userId, methodId, body } = resolve<{
    userId: string;
    methodId: string | null;
    body: { emailAddress: string };
  }>(change.spec);
  if (methodId) {
    await env.graph.patch(`/users/${userId}/authentication/emailMethods/${methodId}`, body);
    return { id: methodId };
  }
  const existing = await env.graph.get<Listing<IdOnly & { emailAddress?: string }>>(
    `/users/${userId}/authentication/emailMethods`,
  );
  if (existing.value[0]) {
    await env.graph.patch(`/users/${userId}/authentication/emailMethods/${existing.value[0].id}`, body);
    return { id: existing.value[0].id };
  }
  return { id: (await env.graph.post<IdOnly>(`/users/${userId}/authentication/emailMethods`, body)).id };
};

export const issueTemporaryAccessPass: Executor = async (change, { env, resolve }) => {
  const { userId, body } = resolve<{ userId: string; body: Record<string, unknown> }>(change.spec);
  if (!env.secretsOut)
    throw new UsageError('a Temporary Access Pass is a secret: give --secrets-out DIR so it can be kept');
  const user = await env.graph.get<{ userPrincipalName: string }>(
    `/users/${userId}?$select=userPrincipalName`,
  );
  const created = await env.graph.post<
    IdOnly & { temporaryAccessPass: string; startDateTime?: string; lifetimeInMinutes?: number }
  >(`/users/${userId}/authentication/temporaryAccessPassMethods`, body);
  const start = created.startDateTime ? new Date(created.startDateTime) : env.now();
  const expires = new Date(start.getTime() + (created.lifetimeInMinutes ?? 60) * 60_000).toISOString();
  const paths = await storeSecrets(
    env.secretsOut,
    {
      userPrincipalName: user.userPrincipalName,
      temporaryAccessPass: created.temporaryAccessPass,
      temporaryAccessPassExpires: expires,
    },
    env.custody,
    'temporary-access-pass',
  );
  env.log(
    `  Temporary Access Pass for ${user.userPrincipalName} (valid until ${expires}) written to ${paths.length > 1 ? `${paths.length} share files` : paths[0]}`,
  );
  return { id: created.id };
};
