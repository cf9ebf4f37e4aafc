/**
 * The sign-in simulation behind `POST /_emulator/signin`: a user signs in with the given
 * method(s) to an application from an IP and a device; the emulator's own Conditional Access
 * evaluator decides, and the outcome is written as Entra records it — a Graph `signIn`
 * (auditLogs/signIns shape) with status, Conditional Access status, applied policies and
 * authentication details.
 *
 * The method matters: the evaluator sees only the methods presented in this sign-in (not all
 * the user has registered), so a password-only sign-in fails a policy requiring MFA while a
 * FIDO2 sign-in of the same user passes it.
 */
import { directoryView } from '../graph/conditional-access-evaluate.js';
import { decideSignIn } from '../evaluate/evaluator.js';
import { modesOfMethod } from '../evaluate/method-modes.js';
import type { DeviceInfo, PolicyEvaluation, SignIn, SignInDecision } from '../evaluate/types.js';
import { azureManagementAppId, azurePortalAppId } from '../evaluate/well-known.js';
import type { JsonObject } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';

/** A way to authenticate, as the request names it. */
export interface SignInMethod {
  /** The method's `@odata.type` (without the prefix) among the user's registered methods; undefined = always available. */
  readonly methodType: string | undefined;
  /** How the logs name it (`authenticationMethod`). */
  readonly displayName: string;
  /** How the step's result is worded. */
  readonly succeeded: string;
}

/** The methods a simulated sign-in can present, by the request's name. */
export const signInMethods: Readonly<Record<string, SignInMethod>> = {
  password: { methodType: undefined, displayName: 'Password', succeeded: 'Correct password' },
  fido2: {
    methodType: 'fido2AuthenticationMethod',
    displayName: 'FIDO2 security key',
    succeeded: 'MFA successfully completed',
  },
  passkey: {
    methodType: 'fido2AuthenticationMethod',
    displayName: 'Passkey (device-bound)',
    succeeded: 'MFA successfully completed',
  },
  temporaryAccessPass: {
    methodType: 'temporaryAccessPassAuthenticationMethod',
    displayName: 'Temporary Access Pass',
    succeeded: 'MFA successfully completed',
  },
  microsoftAuthenticator: {
    methodType: 'microsoftAuthenticatorAuthenticationMethod',
    displayName: 'Mobile app notification',
    succeeded: 'MFA successfully completed',
  },
  windowsHelloForBusiness: {
    methodType: 'windowsHelloForBusinessAuthenticationMethod',
    displayName: 'Windows Hello for Business',
    succeeded: 'MFA successfully completed',
  },
  x509Certificate: {
    methodType: 'x509CertificateAuthenticationMethod',
    displayName: 'X.509 Certificate',
    succeeded: 'MFA successfully completed',
  },
  sms: {
    methodType: 'phoneAuthenticationMethod',
    displayName: 'Text message',
    succeeded: 'MFA successfully completed',
  },
  softwareOath: {
    methodType: 'softwareOathAuthenticationMethod',
    displayName: 'OATH verification code',
    succeeded: 'MFA successfully completed',
  },
};

/** Display names of the applications a sign-in is likely to name. */
export const knownApplications: Readonly<Record<string, string>> = {
  [azurePortalAppId]: 'Azure Portal',
  [azureManagementAppId]: 'Windows Azure Service Management API',
  '04b07795-8ddb-461a-bbee-02f9e1bf7b46': 'Microsoft Azure CLI',
  '1950a258-227b-4e31-a9cf-717495945fc2': 'Microsoft Azure PowerShell',
  'de8bc8b5-d9f9-48b1-a8ad-b748da725064': 'Graph Explorer',
  '00000006-0000-0ff1-ce00-000000000000': 'Microsoft Office 365 Portal',
  '4765445b-32c6-49b0-83e6-1d93765276ca': 'OfficeHome',
  '00000003-0000-0000-c000-000000000000': 'Microsoft Graph',
};

/** The simulated sign-in, read from the request body. */
export interface SignInRequest {
  readonly tenantId?: string;
  /** Object id or UPN. */
  readonly user: string;
  readonly methods: readonly string[];
  readonly application: string;
  readonly appDisplayName?: string;
  readonly ipAddress: string;
  /** ISO 3166 code the IP maps to; null = none (what an unknown IP gives). */
  readonly country: string | null;
  readonly clientAppType: string;
  readonly device: {
    readonly registered: boolean;
    readonly platform: string | null;
    readonly compliant: boolean;
    readonly trustType: string | null;
    readonly displayName: string;
  };
  /** When the sign-in happened (default: the emulator clock's now). */
  readonly at?: Date;
}

/** Why a request body is not a sign-in. */
export class SignInRequestError extends Error {}

const platforms = ['windows', 'macOS', 'iOS', 'android', 'linux', 'windowsPhone'];

/** Reads and checks `POST /_emulator/signin`'s body. */
export function readSignInRequest(body: unknown): SignInRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SignInRequestError('send a JSON object');
  const b = body as Record<string, unknown>;
  const str = (key: string): string | undefined => {
    const v = b[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '')
      throw new SignInRequestError(`'${key}' must be a non-empty string`);
    return v.trim();
  };
  const user = str('user');
  if (!user) throw new SignInRequestError("'user' (object id or user principal name) is required");
  const rawMethods = b['method'] ?? b['methods'] ?? 'password';
  const methods = (Array.isArray(rawMethods) ? rawMethods : [rawMethods]).map(String);
  const unknown = methods.filter((m) => !signInMethods[m]);
  if (methods.length === 0 || unknown.length > 0) {
    throw new SignInRequestError(
      `unknown method ${unknown.join(', ') || '(none)'}; use one or more of: ${Object.keys(signInMethods).join(', ')}`,
    );
  }
  const device = (b['device'] ?? {}) as Record<string, unknown>;
  if (typeof device !== 'object' || Array.isArray(device))
    throw new SignInRequestError("'device' must be an object");
  const platformRaw = device['platform'];
  const platform =
    typeof platformRaw === 'string'
      ? (platforms.find((p) => p.toLowerCase() === platformRaw.toLowerCase()) ?? null)
      : 'windows';
  if (typeof platformRaw === 'string' && platform === null)
    throw new SignInRequestError(
      `unknown device platform '${platformRaw}'; use one of: ${platforms.join(', ')}`,
    );
  const atText = str('at');
  const at = atText === undefined ? undefined : new Date(atText);
  if (at && Number.isNaN(at.getTime()))
    throw new SignInRequestError(`'at' must be an ISO 8601 instant: ${atText}`);
  const tenantId = str('tenantId');
  const appDisplayName = str('appDisplayName');
  return {
    ...(tenantId ? { tenantId } : {}),
    user,
    methods,
    application: (str('application') ?? azurePortalAppId).toLowerCase(),
    ...(appDisplayName ? { appDisplayName } : {}),
    ipAddress: str('ipAddress') ?? '203.0.113.7',
    country: str('country') ?? null,
    clientAppType: str('clientAppType') ?? 'browser',
    device: {
      registered: device['registered'] === true,
      platform,
      compliant: device['compliant'] === true,
      trustType:
        typeof device['trustType'] === 'string'
          ? device['trustType']
          : device['registered'] === true
            ? 'AzureAD'
            : null,
      displayName: typeof device['displayName'] === 'string' ? device['displayName'] : '',
    },
    ...(at ? { at } : {}),
  };
}

/** Finds the signing-in user by object id or UPN (case-insensitively). */
export function findUser(tenant: TenantStore, idOrUpn: string): JsonObject | undefined {
  const byId = tenant.users.getAny(idOrUpn);
  if (byId) return byId;
  const upn = idOrUpn.toLowerCase();
  return tenant.users.listAll().find((u) => String(u['userPrincipalName'] ?? '').toLowerCase() === upn);
}

const typeName = (method: JsonObject) =>
  String(method['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');

/** What the sign-in decided, before it is written down. */
export interface Outcome {
  readonly errorCode: number;
  readonly failureReason: string;
  readonly conditionalAccessStatus: 'success' | 'failure' | 'notApplied';
  readonly decision: SignInDecision | undefined;
}

const failures = {
  disabled: {
    code: 50057,
    reason: 'User account is disabled. The account has been disabled by an administrator.',
  },
  methodUnavailable: { code: 500121, reason: 'Authentication failed during strong authentication request.' },
  blocked: {
    code: 53003,
    reason:
      'Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.',
  },
  deviceState: {
    code: 53000,
    reason:
      'Device is not in required device state. Conditional Access policy requires a compliant device, and the device is not compliant.',
  },
  strongAuth: { code: 50074, reason: 'Strong Authentication is required.' },
} as const;

function failureOf(decision: SignInDecision): { code: number; reason: string } {
  const reasons = decision.deciding.map((d) => d.reason);
  if (reasons.some((r) => r === 'block')) return failures.blocked;
  if (reasons.some((r) => /mfa|authenticationStrength|riskRemediation|passwordChange/.test(r)))
    return failures.strongAuth;
  if (reasons.some((r) => /Device/.test(r))) return failures.deviceState;
  return failures.blocked;
}

/** The user's registered methods that the presented methods stand for. */
function presentedMethods(
  tenant: TenantStore,
  user: JsonObject,
  request: SignInRequest,
): JsonObject[] | undefined {
  const registered = tenant.authenticationMethods(String(user['id']));
  const chosen: JsonObject[] = [];
  for (const name of request.methods) {
    const method = signInMethods[name]!;
    if (method.methodType === undefined) continue; // password: every cloud user has one
    const matching = registered.filter(
      (m) => typeName(m) === method.methodType && modesOfMethod(m).length > 0,
    );
    if (matching.length === 0) return undefined;
    chosen.push(...matching);
  }
  return chosen;
}

function evaluatorSignIn(userId: string, request: SignInRequest): SignIn {
  const device: DeviceInfo | null = request.device.registered
    ? {
        deviceId: `device-${userId}`,
        displayName: request.device.displayName,
        operatingSystem: request.device.platform ?? '',
        isCompliant: request.device.compliant,
        trustType: request.device.trustType,
      }
    : null;
  return {
    identity: { kind: 'user', userId },
    context: { kind: 'application', applications: [request.application] },
    conditions: {
      devicePlatform: request.device.platform,
      clientAppType: request.clientAppType,
      signInRiskLevel: 'none',
      userRiskLevel: 'none',
      insiderRiskLevel: 'none',
      servicePrincipalRiskLevel: 'none',
      ipAddress: request.ipAddress,
      country: request.country,
      authenticationFlow: 'none',
      device,
    },
  };
}

function decide(tenant: TenantStore, user: JsonObject, request: SignInRequest): Outcome {
  if (user['accountEnabled'] === false) {
    return {
      errorCode: failures.disabled.code,
      failureReason: failures.disabled.reason,
      conditionalAccessStatus: 'notApplied',
      decision: undefined,
    };
  }
  const methods = presentedMethods(tenant, user, request);
  if (!methods) {
    return {
      errorCode: failures.methodUnavailable.code,
      failureReason: failures.methodUnavailable.reason,
      conditionalAccessStatus: 'notApplied',
      decision: undefined,
    };
  }
  const userId = String(user['id']);
  const view = directoryView(tenant, userId);
  // Only what was presented counts: the evaluator adds the password every cloud user has.
  const presented = { ...view, authenticationMethods: { [userId]: methods } };
  const policies = tenant.collection('conditionalAccessPolicies').listAll();
  const decision = decideSignIn(policies, presented, evaluatorSignIn(userId, request));
  if (decision.verdict === 'blocked') {
    const failure = failureOf(decision);
    return {
      errorCode: failure.code,
      failureReason: failure.reason,
      conditionalAccessStatus: 'failure',
      decision,
    };
  }
  const enforcedApplied = decision.policies.some((p) => p.applies && p.policy['state'] === 'enabled');
  return {
    errorCode: 0,
    failureReason: 'Other.',
    conditionalAccessStatus: enforcedApplied ? 'success' : 'notApplied',
    decision,
  };
}

function grantControlsOf(evaluation: PolicyEvaluation): string[] {
  const grant = (evaluation.policy['grantControls'] ?? {}) as JsonObject;
  const controls = Array.isArray(grant['builtInControls'])
    ? (grant['builtInControls'] as string[]).map((c) =>
        c === 'mfa' ? 'Mfa' : c[0]!.toUpperCase() + c.slice(1),
      )
    : [];
  if (grant['authenticationStrength']) controls.push('RequireAuthenticationStrength');
  return controls;
}

function policyResult(evaluation: PolicyEvaluation, decision: SignInDecision): string {
  const id = String(evaluation.policy['id'] ?? '');
  const reportOnly = decision.reportOnly.find((r) => r.id === id);
  if (reportOnly) return reportOnly.result;
  if (!evaluation.applies) return 'notApplied';
  return evaluation.grant?.kind === 'block' || evaluation.grant?.kind === 'unsatisfiable'
    ? 'failure'
    : 'success';
}

/** Every policy as the sign-in log lists it: evaluated ones with their result, disabled ones `notEnabled`. */
function appliedPolicies(tenant: TenantStore, decision: SignInDecision | undefined): JsonObject[] {
  const evaluated = new Map((decision?.policies ?? []).map((p) => [String(p.policy['id'] ?? ''), p]));
  return tenant
    .collection('conditionalAccessPolicies')
    .listAll()
    .map((policy) => {
      const id = String(policy['id'] ?? '');
      const evaluation = evaluated.get(id);
      const result =
        evaluation && decision ? policyResult(evaluation, decision) : decision ? 'notEnabled' : 'notApplied';
      return {
        id,
        displayName: policy['displayName'] ?? null,
        enforcedGrantControls: evaluation?.applies ? grantControlsOf(evaluation) : [],
        enforcedSessionControls: [],
        result,
      };
    });
}

function requiresMfa(decision: SignInDecision | undefined): boolean {
  return (decision?.policies ?? []).some((p) => {
    if (!p.applies || p.policy['state'] !== 'enabled') return false;
    const grant = (p.policy['grantControls'] ?? {}) as JsonObject;
    const builtIn = Array.isArray(grant['builtInControls']) ? (grant['builtInControls'] as string[]) : [];
    return (
      builtIn.includes('mfa') ||
      (grant['authenticationStrength'] !== undefined && grant['authenticationStrength'] !== null)
    );
  });
}

/** The result of a simulated sign-in. */
export interface SimulatedSignIn {
  /** The Graph `signIn` record (already stored in the tenant's `signIns`). */
  readonly record: JsonObject;
  readonly outcome: Outcome;
}

/**
 * Decides a sign-in and builds its Graph record. `newId` gives GUIDs (the tenant's seeded
 * stream); `now` is the emulator clock.
 */
export function simulateSignIn(
  tenant: TenantStore,
  user: JsonObject,
  request: SignInRequest,
  now: Date,
  newId: () => string,
): SimulatedSignIn {
  const outcome = decide(tenant, user, request);
  const at = (request.at ?? now).toISOString();
  const appDisplayName =
    request.appDisplayName ??
    knownApplications[request.application] ??
    tenant.apps.find((a) => a.clientId.toLowerCase() === request.application)?.displayName ??
    request.application;
  const resourceId = request.application === azurePortalAppId ? azureManagementAppId : request.application;
  const success = outcome.errorCode === 0;
  const steps = outcome.errorCode === failures.disabled.code ? [] : request.methods;
  const record: JsonObject = {
    id: newId(),
    createdDateTime: at,
    userDisplayName: user['displayName'] ?? null,
    userPrincipalName: user['userPrincipalName'] ?? null,
    userId: user['id'],
    userType: user['userType'] ?? 'Member',
    appId: request.application,
    appDisplayName,
    ipAddress: request.ipAddress,
    clientAppUsed: request.clientAppType === 'browser' ? 'Browser' : 'Mobile Apps and Desktop clients',
    correlationId: newId(),
    conditionalAccessStatus: outcome.conditionalAccessStatus,
    isInteractive: true,
    resourceDisplayName: knownApplications[resourceId] ?? appDisplayName,
    resourceId,
    status: {
      errorCode: outcome.errorCode,
      failureReason: success ? 'Other.' : outcome.failureReason,
      additionalDetails: null,
    },
    deviceDetail: {
      deviceId: request.device.registered ? `device-${String(user['id'])}` : '',
      displayName: request.device.displayName,
      operatingSystem: request.device.platform ?? '',
      browser: request.clientAppType === 'browser' ? 'Edge 131.0.0' : '',
      isCompliant: request.device.compliant,
      isManaged: request.device.registered,
      trustType: request.device.trustType ?? '',
    },
    location: { city: '', state: '', countryOrRegion: request.country ?? '', geoCoordinates: null },
    appliedConditionalAccessPolicies: appliedPolicies(tenant, outcome.decision),
    authenticationRequirement: requiresMfa(outcome.decision)
      ? 'multiFactorAuthentication'
      : 'singleFactorAuthentication',
    authenticationDetails: steps.map((name, i) => ({
      authenticationStepDateTime: at,
      authenticationMethod: signInMethods[name]!.displayName,
      authenticationMethodDetail: null,
      // Authentication itself succeeds even when Conditional Access then blocks the sign-in.
      succeeded:
        outcome.errorCode !== failures.methodUnavailable.code ||
        signInMethods[name]!.methodType === undefined,
      authenticationStepResultDetail:
        outcome.errorCode === failures.methodUnavailable.code
          ? outcome.failureReason
          : signInMethods[name]!.succeeded,
      authenticationStepRequirement: i === 0 ? 'Primary authentication' : 'Multi-factor authentication',
    })),
    riskDetail: 'none',
    riskLevelAggregated: 'none',
    riskLevelDuringSignIn: 'none',
    riskState: 'none',
    riskEventTypes_v2: [],
  };
  return { record, outcome };
}

/** The outcome as the control plane answers it. */
export function outcomeSummary(simulated: SimulatedSignIn): JsonObject {
  const { outcome, record } = simulated;
  return {
    signInId: record['id'],
    decision: outcome.errorCode === 0 ? 'allowed' : 'blocked',
    errorCode: outcome.errorCode,
    failureReason: outcome.errorCode === 0 ? null : outcome.failureReason,
    conditionalAccessStatus: outcome.conditionalAccessStatus,
    decidingPolicies: (outcome.decision?.deciding ?? []).map((d) => ({ ...d })),
    appliedConditionalAccessPolicies: record['appliedConditionalAccessPolicies'],
  };
}
