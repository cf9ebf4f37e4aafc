/**
 * The executor that deletes an authentication method tied to one person (phone, Microsoft
 * Authenticator, software OATH) from an emergency account: `DELETE
 * /users/{id}/authentication/{collection}/{methodId}`.
 *
 * Safety: the plan removes a method only from an account that had a FIDO2 key when it was made,
 * but a key can be deleted between plan and apply (or between an interrupted apply and its
 * resume). So the account's methods are read again right before each delete, and without a FIDO2
 * key the delete is refused and the apply stops. A method already gone (404) counts as removed,
 * so a resumed apply, or one racing an admin in the portal, finishes cleanly.
 */
import type { Executor } from '../executor.js';
import { isNotFound } from '../executor.js';
import { UsageError } from '../../errors.js';
import {
  isFido2Key,
  personTiedMethodCollections,
  type PersonTiedCollection,
} from '../../snapshot/methods.js';

interface MethodLike {
  '@odata.type': string;
  [key: string]: unknown;
}

interface Spec {
  userId: string;
  userPrincipalName: string;
  collection: string;
  methodId: string;
}

const collections = new Set<string>(Object.values(personTiedMethodCollections));

/** Graph's refusal to delete a user's default MFA method (it must be changed first). */
function isDefaultMethodRefusal(error: unknown): boolean {
  const e = error as { status?: number; serviceMessage?: string; message?: string };
  return (
    e.status === 400 && /default (authentication )?method/i.test(`${e.serviceMessage ?? e.message ?? ''}`)
  );
}

export const removePersonTiedMethod: Executor = async (change, { env, resolve }) => {
  const { userId, userPrincipalName, collection, methodId } = resolve<Spec>(change.spec);
  // A hand-edited plan must not turn this executor into a way to delete any method at all.
  if (!collections.has(collection))
    throw new UsageError(
      `${change.address}: ${collection} is not a collection of methods tied to one person; nothing was removed`,
    );
  const methods = await env.graph.get<{ value: MethodLike[] }>(`/users/${userId}/authentication/methods`);
  if (!methods.value.some(isFido2Key)) {
    throw new UsageError(
      `refused to remove ${collection}/${methodId} from ${userPrincipalName}: the account no longer has a FIDO2 key registered, and without one the removal could lock it out (nothing was removed; enrol a FIDO2 key, then plan and apply again)`,
    );
  }
  try {
    await env.graph.delete(
      `/users/${userId}/authentication/${collection as PersonTiedCollection}/${methodId}`,
    );
  } catch (error) {
    if (isNotFound(error)) return { userId, methodId, alreadyGone: true };
    if (isDefaultMethodRefusal(error)) {
      const e = error as { status?: number; code?: string; requestId?: string };
      throw new UsageError(
        `Microsoft Graph refused to remove ${collection}/${methodId} from ${userPrincipalName} because it is the account's default sign-in method (${e.status ?? 400} ${e.code ?? 'badRequest'}${e.requestId ? `, request id ${e.requestId}` : ''}): change its default sign-in method in the Entra admin center (Users › the account › Authentication methods), then run apply again to resume`,
        { cause: error },
      );
    }
    throw error;
  }
  return { userId, methodId, alreadyGone: false };
};
