/**
 * `POST /_emulator/tenants/{tenant}/users/{user id or UPN}/fido2`: what a custodian does in the browser with a
 * Temporary Access Pass — sign in as the emergency account and register a FIDO2 security key. Graph
 * has no application API that registers a key (a key is made by the authenticator, with the user
 * present), so the emulator offers this control-plane step instead. The product never calls it;
 * tests and the demo play the custodian with it.
 *
 * Like Entra, it needs a way to sign in: a usable Temporary Access Pass (a one-time pass is used up,
 * and removed) or a phishing-resistant method already registered (adding the backup key). A
 * disabled account cannot sign in, so it cannot enrol.
 */
import { EmulatorHttpError } from '../http/errors.js';
import type { RouteContext } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { isGuid } from '../state.js';
import { requireUser } from '../graph/directory-objects.js';
import { methodCollections, tapView } from '../graph/authentication-methods.js';

/** Methods a user can sign in with to register another security key. */
const strongTypes = new Set<unknown>([
  methodCollections.fido2Methods,
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
  '#microsoft.graph.platformCredentialAuthenticationMethod',
]);

const plain = (status: number, code: string, message: string) =>
  new EmulatorHttpError(status, code, message, 'plain');

/** The request body: the key's model (AAGUID) and how it is labelled. */
interface EnrolmentBody {
  aaGuid: string;
  model?: string;
  displayName?: string;
}

function parseBody(body: unknown): EnrolmentBody {
  const b = (body ?? {}) as Record<string, unknown>;
  if (typeof b.aaGuid !== 'string' || !isGuid(b.aaGuid))
    throw plain(
      400,
      'BadRequest',
      'body must be {"aaGuid": "<GUID>", "model"?: string, "displayName"?: string}',
    );
  for (const key of ['model', 'displayName'] as const)
    if (b[key] !== undefined && typeof b[key] !== 'string')
      throw plain(400, 'BadRequest', `${key} must be a string`);
  return {
    aaGuid: b.aaGuid,
    model: b.model as string | undefined,
    displayName: b.displayName as string | undefined,
  };
}

/** The handler: registers the key and answers with the method as Graph would list it. */
export function enrolFido2Key(ctx: RouteContext): { status: number; body: JsonObject } {
  const body = parseBody(ctx.body);
  const tenant = ctx.emulator.findTenant(ctx.params.id ?? '');
  if (!tenant) throw plain(404, 'TenantNotFound', `no tenant ${ctx.params.id} in this emulator`);
  let user: JsonObject;
  try {
    user = requireUser(tenant, ctx.params.userId ?? '');
  } catch {
    throw plain(404, 'UserNotFound', `no user ${ctx.params.userId} in tenant ${tenant.tenantId}`);
  }
  if (user.accountEnabled === false)
    throw plain(
      409,
      'AccountDisabled',
      `${String(user.userPrincipalName)} is disabled and cannot sign in to enrol a key`,
    );
  const methods = tenant.authenticationMethods(String(user.id));
  const pass = methods.find(
    (m) =>
      m['@odata.type'] === methodCollections.temporaryAccessPassMethods && tapView(ctx, m).isUsable === true,
  );
  if (!pass && !methods.some((m) => strongTypes.has(m['@odata.type']))) {
    throw plain(
      409,
      'NoWayToSignIn',
      `${String(user.userPrincipalName)} has no usable Temporary Access Pass and no security key to sign in with`,
    );
  }
  // Sign-in with a key already registered is preferred; otherwise the pass is used (once, if so).
  if (pass && pass.isUsableOnce === true && !methods.some((m) => strongTypes.has(m['@odata.type'])))
    methods.splice(methods.indexOf(pass), 1);
  const now = tenant
    .now()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
  const method: JsonObject = {
    '@odata.type': methodCollections.fido2Methods,
    id: Buffer.from(tenant.newId().replace(/-/g, ''), 'hex').toString('base64url'),
    displayName: body.displayName ?? body.model ?? 'Security key',
    createdDateTime: now,
    aaGuid: body.aaGuid.toLowerCase(),
    model: body.model ?? null,
    attestationCertificates: [],
    attestationLevel: 'attested',
    passkeyType: 'deviceBound',
  };
  methods.push(method);
  tenant.markChanged();
  return { status: 201, body: method };
}
