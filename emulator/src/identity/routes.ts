/**
 * The identity platform (login.microsoftonline.com): OpenID configuration, signing keys, instance
 * discovery and the v2.0 token endpoint for the client-credentials grant, with a client secret
 * (post or basic) or a certificate-signed client assertion.
 */
import { timingSafeEqual } from 'node:crypto';
import { identityError } from '../http/errors.js';
import type { RouteContext, RouteModule } from '../http/types.js';
import type { EmulatorApp } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';
import { verifyClientAssertion } from './client-assertion.js';
import { issueAccessToken, resources } from './tokens.js';

const multiTenant = new Set(['common', 'organizations', 'consumers']);

function tenantNotFound(name: string) {
  return identityError(
    400,
    'invalid_request',
    90002,
    `Tenant '${name}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
  );
}

/** The tenant a path names (id or domain); throws AADSTS90002 when unknown. */
function tenantOf(ctx: RouteContext): TenantStore {
  const name = ctx.params.tenant ?? '';
  const tenant = ctx.emulator.findTenant(name);
  if (!tenant) throw tenantNotFound(name);
  return tenant;
}

function openIdConfiguration(ctx: RouteContext) {
  const name = ctx.params.tenant ?? '';
  const tid = multiTenant.has(name.toLowerCase()) ? '{tenantid}' : tenantOf(ctx).tenantId;
  const segment = multiTenant.has(name.toLowerCase()) ? name.toLowerCase() : tid;
  const base = ctx.baseUrl;
  return {
    token_endpoint: `${base}/${segment}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/${segment}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${tid}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/graph/oidc/userinfo`,
    authorization_endpoint: `${base}/${segment}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/${segment}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/${segment}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'cloud_instance_name',
      'cloud_instance_host_name',
      'cloud_graph_host_name',
      'msgraph_host',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email',
    ],
    kerberos_endpoint: `${base}/${segment}/kerberos`,
    tenant_region_scope: 'EU',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

/** Which resource a client-credentials scope names; throws the AADSTS errors for bad scopes. */
function audienceOf(scope: string, tenant: TenantStore): string {
  const scopes = scope.split(/\s+/).filter(Boolean);
  const resourceScopes = scopes.filter(
    (s) => !['openid', 'profile', 'offline_access', 'email'].includes(s.toLowerCase()),
  );
  if (resourceScopes.length !== 1) {
    throw identityError(
      400,
      'invalid_scope',
      70011,
      `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
    );
  }
  const only = resourceScopes[0] ?? '';
  if (!/\/\.default$/i.test(only)) {
    throw identityError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${only} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const resource = only
    .replace(/\/\.default$/i, '')
    .replace(/\/$/, '')
    .toLowerCase();
  const known = Object.values(resources).find((r) => r === resource);
  if (resource === '00000003-0000-0000-c000-000000000000') return resources.graph;
  if (resource === 'https://management.core.windows.net') return resources.arm;
  if (!known) {
    throw identityError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant.describe().displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  return known;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  return { id: decodeURIComponent(text.slice(0, i)), secret: decodeURIComponent(text.slice(i + 1)) };
}

async function token(ctx: RouteContext) {
  const form = (ctx.body ?? {}) as Record<string, string | undefined>;
  const tenant = tenantOf(ctx);
  if (form.grant_type === undefined)
    throw identityError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'grant_type'.",
    );
  if (form.grant_type !== 'client_credentials') {
    throw identityError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${form.grant_type}'. The emulator supports client_credentials only.`,
    );
  }
  const basic = basicCredentials(
    typeof ctx.headers.authorization === 'string' ? ctx.headers.authorization : undefined,
  );
  const clientId = form.client_id ?? basic?.id;
  if (!clientId)
    throw identityError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'client_id'.",
    );
  if (form.scope === undefined)
    throw identityError(
      400,
      'invalid_request',
      900144,
      "The request body must contain the following parameter: 'scope'.",
    );
  const app: EmulatorApp | undefined = tenant.apps.find(
    (a) => a.clientId.toLowerCase() === clientId.toLowerCase(),
  );
  if (!app) {
    throw identityError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.describe().displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const audience = audienceOf(form.scope, tenant);
  const secret = form.client_secret ?? basic?.secret;
  let method: 'secret' | 'certificate';
  if (form.client_assertion !== undefined) {
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
      throw identityError(
        400,
        'invalid_request',
        50027,
        "Invalid client_assertion_type: expected 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
      );
    }
    await verifyClientAssertion(form.client_assertion, app, tenant.tenantId, ctx.emulator.clock.now());
    method = 'certificate';
  } else if (secret !== undefined) {
    if (!app.clientSecret || !sameSecret(secret, app.clientSecret)) {
      throw identityError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
      );
    }
    method = 'secret';
  } else {
    throw identityError(
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  const issued = await issueAccessToken(ctx.emulator, tenant, app, audience, method);
  return {
    body: {
      token_type: 'Bearer',
      expires_in: issued.expiresIn,
      ext_expires_in: issued.expiresIn,
      access_token: issued.token,
    },
  };
}

function jwks(ctx: RouteContext) {
  return { body: { keys: [ctx.emulator.signingKey.publicJwk] } };
}

/** Identity platform routes. */
export const identityRoutes: RouteModule = {
  name: 'identity',
  routes: [
    {
      method: 'GET',
      surface: 'identity',
      path: '/:tenant/v2.0/.well-known/openid-configuration',
      handler: (ctx) => ({ body: openIdConfiguration(ctx) }),
    },
    { method: 'GET', surface: 'identity', path: '/:tenant/discovery/v2.0/keys', handler: jwks },
    { method: 'GET', surface: 'identity', path: '/:tenant/discovery/keys', handler: jwks },
    { method: 'POST', surface: 'identity', path: '/:tenant/oauth2/v2.0/token', handler: token },
    {
      method: 'GET',
      surface: 'identity',
      path: '/common/discovery/instance',
      handler: (ctx) => {
        const host = new URL(ctx.baseUrl).host;
        return {
          body: {
            tenant_discovery_endpoint: `${ctx.baseUrl}/{tenant}/v2.0/.well-known/openid-configuration`,
            'api-version': '1.1',
            metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
          },
        };
      },
    },
  ],
};
