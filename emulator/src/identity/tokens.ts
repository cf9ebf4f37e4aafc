/**
 * Access tokens: issued by the token endpoint, verified by Graph, ARM and Log Analytics routes.
 *
 * Tokens are v1-style app-only tokens as Entra issues them for these resources (`iss`
 * `https://sts.windows.net/{tid}/`, `appid`, `roles`), signed RS256 with the emulator's signing
 * key. Lifetimes come from the emulator clock: advancing the clock past `exp` expires
 * outstanding tokens, exactly as time passing would.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import type { EmulatorState } from '../state.js';
import type { EmulatorApp } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';
import type { TokenClaims } from '../http/types.js';

/** The resources the emulator issues tokens for (a scope `<resource>/.default` selects one). */
export const resources = {
  graph: 'https://graph.microsoft.com',
  arm: 'https://management.azure.com',
  logAnalytics: 'https://api.loganalytics.io',
} as const;

/** Audiences accepted for each resource, as the services accept them (with or without the slash). */
export const acceptedAudiences: Record<keyof typeof resources, readonly string[]> = {
  graph: [
    'https://graph.microsoft.com',
    'https://graph.microsoft.com/',
    '00000003-0000-0000-c000-000000000000',
  ],
  arm: [
    'https://management.azure.com',
    'https://management.azure.com/',
    'https://management.core.windows.net',
    'https://management.core.windows.net/',
  ],
  logAnalytics: [
    'https://api.loganalytics.io',
    'https://api.loganalytics.io/',
    'https://api.loganalytics.azure.com',
  ],
};

/** Token lifetime in seconds (Entra's app tokens last 60–90 minutes). */
export const tokenLifetimeSeconds = 3599;

/** The service principal object id of an app (declared, else derived from the client id). */
export function appObjectId(app: EmulatorApp): string {
  return (app.objectId ?? app.clientId).toLowerCase();
}

/** Signs an access token for `app` in `tenant` with audience `audience`. */
export async function issueAccessToken(
  state: EmulatorState,
  tenant: TenantStore,
  app: EmulatorApp,
  audience: string,
  authMethod: 'secret' | 'certificate',
): Promise<{ token: string; expiresIn: number }> {
  const now = Math.floor(state.clock.now() / 1000);
  const isGraph = audience === resources.graph;
  const claims = {
    aud: audience,
    iss: `https://sts.windows.net/${tenant.tenantId}/`,
    iat: now,
    nbf: now - 300,
    exp: now + tokenLifetimeSeconds,
    aio: 'emulator',
    app_displayname: app.displayName ?? app.clientId,
    appid: app.clientId,
    appidacr: authMethod === 'certificate' ? '2' : '1',
    idp: `https://sts.windows.net/${tenant.tenantId}/`,
    idtyp: 'app',
    oid: appObjectId(app),
    roles: isGraph ? [...(app.graphRoles ?? [])] : [],
    sub: appObjectId(app),
    tid: tenant.tenantId,
    uti: randomUUID().replace(/-/g, ''),
    ver: '1.0',
  };
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: state.signingKey.kid, x5t: state.signingKey.kid })
    .sign(state.signingKey.privateKey);
  // The emulator signed it: its first use need not verify the signature again (lifetime is still
  // checked on every use). A fleet audit fetches two tokens per tenant and uses each a few times.
  rememberVerified(state, token, { ...claims });
  return { token, expiresIn: tokenLifetimeSeconds };
}

/** Why a bearer token was refused; routes render it in their surface's 401. */
export type TokenProblem =
  | { kind: 'missing' }
  | { kind: 'malformed' }
  | { kind: 'expired'; exp: number }
  | { kind: 'audience'; aud: string }
  | { kind: 'tenant'; tid: string };

/** The result of checking a bearer token. */
export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; problem: TokenProblem };

/** Claims of tokens whose signature has been verified, per signing key, by token. */
const verifiedTokens = new WeakMap<object, Map<string, Record<string, unknown>>>();
const maxVerifiedTokens = 1000;

/**
 * The claims of a token signed with the emulator's key, valid at the emulator clock's now; throws
 * jose's errors otherwise. A client sends the same token with every request until it expires:
 * its signature is checked once (an RSA verification per request was a tenth of the emulator's
 * work in a large audit), its lifetime on every use, against the clock, as jose checks it.
 */
async function verifiedPayload(state: EmulatorState, token: string): Promise<Record<string, unknown>> {
  const now = state.clock.date();
  const cached = knownTokens(state).get(token);
  if (cached) {
    const at = Math.floor(now.getTime() / 1000);
    if (typeof cached.nbf === 'number' && cached.nbf > at)
      throw new joseErrors.JWTClaimValidationFailed('"nbf" claim timestamp check failed', cached, 'nbf');
    if (typeof cached.exp === 'number' && cached.exp <= at)
      throw new joseErrors.JWTExpired('"exp" claim timestamp check failed', cached, 'exp');
    return cached;
  }
  const { payload } = await jwtVerify(token, state.signingKey.publicKey, {
    algorithms: ['RS256'],
    currentDate: now,
  });
  rememberVerified(state, token, payload);
  return payload;
}

/** The verified tokens of the emulator's current signing key. */
function knownTokens(state: EmulatorState): Map<string, Record<string, unknown>> {
  const key = state.signingKey.publicKey as object;
  let known = verifiedTokens.get(key);
  if (!known) verifiedTokens.set(key, (known = new Map()));
  return known;
}

/** Records a token whose signature is known good (verified, or signed here), bounded. */
function rememberVerified(state: EmulatorState, token: string, payload: Record<string, unknown>): void {
  const known = knownTokens(state);
  if (known.size >= maxVerifiedTokens) known.clear();
  known.set(token, payload);
}

/** Verifies an `Authorization` header value for a resource. */
export async function verifyBearer(
  state: EmulatorState,
  authorization: string | undefined,
  resource: keyof typeof resources,
): Promise<TokenCheck> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, problem: { kind: 'missing' } };
  let payload: Record<string, unknown>;
  try {
    payload = await verifiedPayload(state, match[1]);
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired)
      return { ok: false, problem: { kind: 'expired', exp: Number(err.payload.exp) } };
    return { ok: false, problem: { kind: 'malformed' } };
  }
  const aud = String(payload.aud ?? '');
  if (!acceptedAudiences[resource].includes(aud)) return { ok: false, problem: { kind: 'audience', aud } };
  const tid = String(payload.tid ?? '').toLowerCase();
  if (!state.tenants.has(tid)) return { ok: false, problem: { kind: 'tenant', tid } };
  return {
    ok: true,
    claims: {
      tid,
      aud,
      appid: String(payload.appid ?? ''),
      oid: String(payload.oid ?? ''),
      roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
      iat: Number(payload.iat),
      nbf: Number(payload.nbf),
      exp: Number(payload.exp),
    },
  };
}
