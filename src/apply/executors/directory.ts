/**
 * Executors for directory objects: the group, the accounts, membership, roles and methods.
 */
import type { Executor } from '../executor.js';
import { findBeforeCreate, isAlreadyDone, isNotFound, odataString } from '../executor.js';
import { generatePassword } from '../../secrets/password.js';
import { storeSecrets } from '../../secrets/vault.js';
import { UsageError } from '../../errors.js';

interface Listing<T> {
  value: T[];
}
interface IdOnly {
  id: string;
}

export const createGroup: Executor = async (change, context) => {
  const { env, resolve, createdIds } = context;
  if (change.action === 'update') {
    const { groupId, patch } = resolve<{ groupId: string; patch: Record<string, unknown> }>(change.spec);
    await env.graph.patch(`/groups/${groupId}`, patch);
    return { id: groupId };
  }
  const body = resolve<{ displayName: string; isAssignableToRole: boolean }>(change.spec.body!);
  const existing = await findBeforeCreate(change, context, async () => {
    const found = await env.graph.get<Listing<IdOnly & { isAssignableToRole?: boolean }>>(
      `/groups?$filter=displayName eq ${odataString(body.displayName)}&$select=id,isAssignableToRole`,
    );
    return found.value.find((g) => Boolean(g.isAssignableToRole) === body.isAssignableToRole);
  });
  if (existing) return { id: existing.id };
  const created = await env.graph.post<IdOnly>('/groups', body);
  createdIds.add(created.id);
  return { id: created.id };
};

export const createOrUpdateAccount: Executor = async (change, context) => {
  const { env, resolve, createdIds } = context;
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
  const found = await findBeforeCreate(
    change,
    context,
    async () =>
      (
        await env.graph.get<Listing<IdOnly>>(
          `/users?$filter=userPrincipalName eq ${odataString(body.userPrincipalName)}&$select=id`,
        )
      ).value[0],
  );
  let id: string;
  if (found) {
    // We made it on an earlier try whose answer was lost, so its password is unknown: set a new one.
    id = found.id;
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
      await env.graph.post(
        `/groups/${groupId}/members/$ref`,
        {
          '@odata.id': env.graph.directoryObjectUrl(memberId),
        },
        { idempotent: true },
      );
    }
  } catch (error) {
    // Adding a member twice answers 400 "already exist"; removing one already gone answers 404.
    if (!(change.action === 'delete' ? isNotFound(error) : isAlreadyDone(error))) throw error;
  }
  return { groupId, memberId };
};

export const assignRole: Executor = async (change, context) => {
  const { env, resolve } = context;
  const spec = resolve<{ via: 'pim' | 'direct'; body: { principalId: string; roleDefinitionId: string } }>(
    change.spec,
  );
  const { principalId, roleDefinitionId } = spec.body;
  if (spec.via === 'direct') {
    const existing = await findBeforeCreate(
      change,
      context,
      async () =>
        (
          await env.graph.get<Listing<IdOnly>>(
            `/roleManagement/directory/roleAssignments?$filter=principalId eq ${odataString(principalId)} and roleDefinitionId eq ${odataString(roleDefinitionId)}`,
          )
        ).value[0],
    );
    if (existing) return { id: existing.id };
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
  // The plan issues a pass only when the account has no usable one, so a pass there now is spent,
  // or was made by an interrupted run whose answer — the only copy of the pass — was lost. Either
  // way nobody holds it; Entra keeps one pass per user, so it goes before the new one is made.
  const stale = await env.graph.get<Listing<IdOnly>>(
    `/users/${userId}/authentication/temporaryAccessPassMethods`,
  );
  for (const pass of stale.value) {
    try {
      await env.graph.delete(`/users/${userId}/authentication/temporaryAccessPassMethods/${pass.id}`);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
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
