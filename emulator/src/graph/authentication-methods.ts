/**
 * Graph users/{id}/authentication: all methods, and the fido2, email, Temporary Access Pass, phone,
 * Microsoft Authenticator and software OATH collections. A TAP's pass is in the creating response
 * only: it is never stored, so no later read or export can reveal it. Phone, Authenticator and
 * OATH methods are read and deleted here (as an admin can through Graph); they are registered by
 * the scenarios, as a person would on their own device.
 */
import { randomInt } from 'node:crypto';
import { graphError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import { recordDirectoryAudit } from './audit.js';
import { requireUser } from './directory-objects.js';
import { listResponse, odataContext } from './odata.js';
import { checkDeclaredProperties, graphNow, objectBody, requireString } from './request-body.js';

/** The method collections, as data: path segment → `@odata.type`. */
export const methodCollections = {
  fido2Methods: '#microsoft.graph.fido2AuthenticationMethod',
  emailMethods: '#microsoft.graph.emailAuthenticationMethod',
  temporaryAccessPassMethods: '#microsoft.graph.temporaryAccessPassAuthenticationMethod',
  phoneMethods: '#microsoft.graph.phoneAuthenticationMethod',
  microsoftAuthenticatorMethods: '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
  softwareOathMethods: '#microsoft.graph.softwareOathAuthenticationMethod',
} as const;

type Segment = keyof typeof methodCollections;

/** The fixed id Entra gives every user's email method. */
export const emailMethodId = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';

const base = '/users/:id/authentication';

function methodsOf(ctx: RouteContext): { user: JsonObject; methods: JsonObject[] } {
  const user = requireUser(ctx.tenant, ctx.params.id ?? '');
  return { user, methods: ctx.tenant.authenticationMethods(String(user.id)) };
}

/** A TAP's usability now (emulator clock). Also used by the control plane's FIDO2 enrolment. */
export function tapView(ctx: RouteContext, m: JsonObject): JsonObject {
  const start = Date.parse(String(m.startDateTime ?? m.createdDateTime ?? ''));
  const minutes = Number(m.lifetimeInMinutes ?? 60);
  const now = ctx.emulator.clock.now();
  const reason = Number.isNaN(start)
    ? 'EnabledByPolicy'
    : now < start
      ? 'NotYetValid'
      : now >= start + minutes * 60_000
        ? 'Expired'
        : 'EnabledByPolicy';
  return {
    ...m,
    temporaryAccessPass: null,
    isUsable: reason === 'EnabledByPolicy',
    methodUsabilityReason: reason,
  };
}

function view(ctx: RouteContext, m: JsonObject): JsonObject {
  return m['@odata.type'] === methodCollections.temporaryAccessPassMethods ? tapView(ctx, m) : m;
}

function contextFor(ctx: RouteContext, user: JsonObject, segment: string): string {
  return `users('${String(user.id)}')/authentication/${segment}`;
}

function listOf(segment: Segment | 'methods') {
  return (ctx: RouteContext) => {
    const { user, methods } = methodsOf(ctx);
    const type = segment === 'methods' ? undefined : methodCollections[segment];
    const items = methods.filter((m) => !type || m['@odata.type'] === type).map((m) => view(ctx, m));
    return listResponse(ctx, items, {
      entitySet: contextFor(ctx, user, segment),
      resource: 'authenticationMethod',
      defaultPageSize: 1000,
      maxPageSize: 1000,
      countNeedsEventual: false,
    });
  };
}

function find(
  ctx: RouteContext,
  segment: Segment | 'methods',
): { user: JsonObject; methods: JsonObject[]; method: JsonObject } {
  const { user, methods } = methodsOf(ctx);
  const type = segment === 'methods' ? undefined : methodCollections[segment];
  const method = methods.find(
    (m) =>
      String(m.id).toLowerCase() === (ctx.params.methodId ?? '').toLowerCase() &&
      (!type || m['@odata.type'] === type),
  );
  if (!method)
    throw graphError(
      404,
      'itemNotFound',
      `The requested authentication method '${ctx.params.methodId}' was not found for the user.`,
    );
  return { user, methods, method };
}

function getOne(segment: Segment | 'methods') {
  return (ctx: RouteContext) => {
    const { user, method } = find(ctx, segment);
    const { '@odata.type': type, ...rest } = view(ctx, method);
    return {
      body: {
        '@odata.context': odataContext(ctx, `${contextFor(ctx, user, segment)}/$entity`),
        '@odata.type': type,
        ...rest,
      },
    };
  };
}

function auditMethod(
  ctx: RouteContext,
  user: JsonObject,
  activity: string,
  operationType: 'Add' | 'Update' | 'Delete',
): void {
  recordDirectoryAudit(ctx, {
    activityDisplayName: activity,
    category: 'UserManagement',
    operationType,
    targets: [
      {
        id: String(user.id),
        displayName: String(user.displayName ?? ''),
        type: 'User',
        userPrincipalName: String(user.userPrincipalName ?? ''),
      },
    ],
  });
}

/**
 * Graph keeps no alternate mobile number without a mobile one: deleting the mobile number while an
 * alternate exists is refused (phoneAuthenticationMethod delete, v1.0 reference). The wording of
 * the refusal is the emulator's own.
 */
function checkPhoneDelete(methods: JsonObject[], method: JsonObject): void {
  const isPhone = (m: JsonObject) => m['@odata.type'] === methodCollections.phoneMethods;
  if (
    isPhone(method) &&
    method.phoneType === 'mobile' &&
    methods.some((m) => isPhone(m) && m.phoneType === 'alternateMobile')
  ) {
    throw graphError(
      400,
      'badRequest',
      'A user cannot have an alternateMobile number without a mobile number. Delete or update the alternateMobile number first.',
    );
  }
}

function deleteOne(segment: Segment) {
  return (ctx: RouteContext) => {
    const { user, methods, method } = find(ctx, segment);
    checkPhoneDelete(methods, method);
    methods.splice(methods.indexOf(method), 1);
    ctx.tenant.markChanged();
    auditMethod(ctx, user, `Admin deleted security info`, 'Delete');
    return { status: 204 };
  };
}

const emailPattern = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

function createEmail(ctx: RouteContext) {
  const { user, methods } = methodsOf(ctx);
  const body = objectBody(ctx);
  checkDeclaredProperties(body, ['emailAddress']);
  const address = requireString(body, 'emailAddress', 'emailAuthenticationMethod');
  if (!emailPattern.test(address)) throw graphError(400, 'badRequest', 'The email address is not valid.');
  if (methods.some((m) => m['@odata.type'] === methodCollections.emailMethods))
    throw graphError(409, 'conflict', 'An email authentication method is already registered for this user.');
  const method = { '@odata.type': methodCollections.emailMethods, id: emailMethodId, emailAddress: address };
  methods.push(method);
  ctx.tenant.markChanged();
  auditMethod(ctx, user, 'Admin registered security info', 'Add');
  const { '@odata.type': _t, ...rest } = method;
  return {
    status: 201,
    body: {
      '@odata.context': odataContext(ctx, `${contextFor(ctx, user, 'emailMethods')}/$entity`),
      ...rest,
    },
  };
}

function updateEmail(ctx: RouteContext) {
  const { user, methods, method } = find(ctx, 'emailMethods');
  const body = objectBody(ctx);
  checkDeclaredProperties(body, ['emailAddress']);
  const address = requireString(body, 'emailAddress', 'emailAuthenticationMethod');
  if (!emailPattern.test(address)) throw graphError(400, 'badRequest', 'The email address is not valid.');
  const updated: JsonObject = { ...method, emailAddress: address };
  methods[methods.indexOf(method)] = updated;
  ctx.tenant.markChanged();
  auditMethod(ctx, user, 'Admin updated security info', 'Update');
  const { '@odata.type': _t, ...rest } = updated;
  return {
    body: {
      '@odata.context': odataContext(ctx, `${contextFor(ctx, user, 'emailMethods')}/$entity`),
      ...rest,
    },
  };
}

/** A Temporary Access Pass: 8 characters from Entra's unambiguous alphabet. */
function newPass(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789@#$%&*+=';
  let out = '';
  for (let i = 0; i < 8; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

function createTap(ctx: RouteContext) {
  const { user, methods } = methodsOf(ctx);
  const body = ctx.body === undefined ? {} : objectBody(ctx);
  checkDeclaredProperties(body, ['startDateTime', 'lifetimeInMinutes', 'isUsableOnce']);
  const lifetime = body.lifetimeInMinutes ?? 60;
  if (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime < 10 || lifetime > 43200) {
    throw graphError(
      400,
      'badRequest',
      'The lifetimeInMinutes value must be between 10 and 43200 and within the limits of the Temporary Access Pass policy.',
    );
  }
  if (
    body.startDateTime !== undefined &&
    (typeof body.startDateTime !== 'string' || Number.isNaN(Date.parse(body.startDateTime)))
  ) {
    throw graphError(400, 'badRequest', "Invalid value specified for property 'startDateTime'.");
  }
  if (body.isUsableOnce !== undefined && typeof body.isUsableOnce !== 'boolean')
    throw graphError(400, 'badRequest', "Invalid value specified for property 'isUsableOnce'.");
  if (methods.some((m) => m['@odata.type'] === methodCollections.temporaryAccessPassMethods)) {
    throw graphError(
      400,
      'badRequest',
      'A Temporary Access Pass already exists for this user. Delete it before creating a new one.',
    );
  }
  const now = graphNow(ctx);
  const stored: JsonObject = {
    '@odata.type': methodCollections.temporaryAccessPassMethods,
    id: ctx.tenant.newId(),
    createdDateTime: now,
    startDateTime: body.startDateTime ?? now,
    lifetimeInMinutes: lifetime,
    isUsableOnce: body.isUsableOnce ?? false,
  };
  methods.push(stored);
  ctx.tenant.markChanged();
  auditMethod(ctx, user, 'Admin registered temporary access pass method for user', 'Add');
  const { '@odata.type': _t, ...rest } = tapView(ctx, stored);
  return {
    status: 201,
    body: {
      '@odata.context': odataContext(ctx, `${contextFor(ctx, user, 'temporaryAccessPassMethods')}/$entity`),
      ...rest,
      temporaryAccessPass: newPass(),
    },
  };
}

function collectionRoutes(segment: Segment, extra: RouteDef[]): RouteDef[] {
  return [
    {
      method: 'GET',
      surface: 'graph',
      path: `${base}/${segment}`,
      query: ['$select', '$top', '$skiptoken'],
      handler: listOf(segment),
    },
    { method: 'GET', surface: 'graph', path: `${base}/${segment}/:methodId`, handler: getOne(segment) },
    { method: 'DELETE', surface: 'graph', path: `${base}/${segment}/:methodId`, handler: deleteOne(segment) },
    ...extra,
  ];
}

/** Authentication method routes. */
export const authenticationMethodRoutes: RouteModule = {
  name: 'graph-authentication-methods',
  routes: [
    {
      method: 'GET',
      surface: 'graph',
      path: `${base}/methods`,
      query: ['$select', '$top', '$skiptoken'],
      handler: listOf('methods'),
    },
    { method: 'GET', surface: 'graph', path: `${base}/methods/:methodId`, handler: getOne('methods') },
    ...collectionRoutes('fido2Methods', []),
    ...collectionRoutes('emailMethods', [
      { method: 'POST', surface: 'graph', path: `${base}/emailMethods`, handler: createEmail },
      { method: 'PATCH', surface: 'graph', path: `${base}/emailMethods/:methodId`, handler: updateEmail },
    ]),
    ...collectionRoutes('temporaryAccessPassMethods', [
      { method: 'POST', surface: 'graph', path: `${base}/temporaryAccessPassMethods`, handler: createTap },
    ]),
    ...collectionRoutes('phoneMethods', []),
    ...collectionRoutes('microsoftAuthenticatorMethods', []),
    ...collectionRoutes('softwareOathMethods', []),
  ],
};
