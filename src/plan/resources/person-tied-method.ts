/**
 * Removal of the authentication methods tied to one person — phone (SMS/voice), Microsoft
 * Authenticator, software OATH, exactly as EA-ACC-009 counts them — when the config asks for it
 * (`methods.personTied: remove`). One `delete` per method.
 *
 * Safety (never lock an account out): a method is removed only from an account that has a FIDO2
 * key registered when the plan is made, and only after every change that enrols or ensures that
 * account's methods. An account without a key keeps its methods and the plan says why, as a
 * `manual` change; the executor checks for the key again right before each delete.
 */
import type { ResourcePlanner } from '../resource.js';
import { noOp } from '../resource.js';
import type { PlannedAccount } from '../context.js';
import { isFido2Key, methodTypeName, personTiedCollection } from '../../snapshot/methods.js';
import type { Change, Json, ResourceKind } from '../types.js';

/** Changes that add or ensure an account's methods; its removals wait for them. */
const ENROLLING_KINDS: readonly ResourceKind[] = ['email-method', 'temporary-access-pass'];

/**
 * The order phone numbers go in. Graph keeps no alternate mobile number without a mobile one, so
 * deleting the mobile number first would be refused while the alternate exists.
 */
const PHONE_ORDER: Record<string, number> = { alternateMobile: 0, office: 1, mobile: 2 };

interface MethodLike {
  '@odata.type': string;
  id?: string;
  [key: string]: unknown;
}

/** The method as a reviewer recognises it: its type and the properties that identify it. */
function describe(method: MethodLike): { [key: string]: Json } {
  const out: { [key: string]: Json } = { type: methodTypeName(method), id: String(method.id ?? '') };
  for (const key of ['displayName', 'phoneType', 'phoneNumber', 'deviceTag']) {
    const value = method[key];
    if (typeof value === 'string' && value) out[key] = value;
  }
  return out;
}

/** Phones after the other methods, in PHONE_ORDER; the sort is stable, so the rest keep Graph's order. */
const deleteRank = (method: MethodLike) =>
  personTiedCollection(method) === 'phoneMethods' ? 1 + (PHONE_ORDER[String(method['phoneType'])] ?? 1) : 0;

function manual(address: string, reason: string, before: Json): Change {
  return {
    address,
    kind: 'person-tied-method',
    action: 'manual',
    reason,
    before,
    after: null,
    dependsOn: [],
    spec: {},
  };
}

function planAccount(account: PlannedAccount, methods: MethodLike[] | undefined): Change[] {
  const user = account.user!;
  const address = `person-tied-method[${account.name}]`;
  if (methods === undefined) {
    return [
      manual(
        address,
        `the authentication methods of ${user.userPrincipalName} could not be read (needs UserAuthenticationMethod.Read.All), so none is removed`,
        null,
      ),
    ];
  }
  const personTied = methods
    .filter((m) => personTiedCollection(m) !== undefined)
    .sort((a, b) => deleteRank(a) - deleteRank(b));
  if (personTied.length === 0) {
    return [noOp(address, 'person-tied-method', 'the account has no method tied to one person', null)];
  }
  if (!methods.some(isFido2Key)) {
    const names = personTied.map((m) => methodTypeName(m)).join(', ');
    return [
      manual(
        address,
        `${user.userPrincipalName} keeps ${personTied.length === 1 ? 'its method' : `its ${personTied.length} methods`} tied to one person (${names}): it has no FIDO2 key registered, and removing ${personTied.length === 1 ? 'it' : 'them'} could leave the account no way to sign in — enrol a FIDO2 key, then plan again`,
        { methods: personTied.map(describe) },
      ),
    ];
  }
  const enrolments = ENROLLING_KINDS.map((kind) => `${kind}[${account.name}]`);
  const phonesBefore: string[] = [];
  return personTied.map((method): Change => {
    const collection = personTiedCollection(method)!;
    const methodAddress = `person-tied-method[${account.name}:${collection}:${String(method.id)}]`;
    const dependsOn = [...enrolments, ...(collection === 'phoneMethods' ? phonesBefore : [])];
    if (collection === 'phoneMethods') phonesBefore.push(methodAddress);
    return {
      address: methodAddress,
      kind: 'person-tied-method',
      action: 'delete',
      reason: `${methodTypeName(method)} is tied to one person; methods.personTied is remove, and the account has a FIDO2 key`,
      before: describe(method),
      after: null,
      dependsOn,
      spec: {
        userId: user.id,
        userPrincipalName: user.userPrincipalName,
        collection,
        methodId: String(method.id),
      },
    };
  });
}

export const personTiedMethodPlanner: ResourcePlanner = {
  kind: 'person-tied-method',
  plan(context) {
    if (context.config.methods.personTied !== 'remove') return [];
    return context.accounts.flatMap((account): Change[] =>
      // An account still to be created has no methods to remove.
      account.user
        ? planAccount(account, context.snapshot.graph.authenticationMethods?.[account.user.id])
        : [],
    );
  },
};
