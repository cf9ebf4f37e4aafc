/**
 * What If: `POST /identity/conditionalAccess/evaluate` (conditionalAccessRoot: evaluate). Reads
 * the sign-in the caller describes, runs the emulator's evaluator over the tenant's policies and
 * answers a `whatIfAnalysisResult` collection: each policy as Graph returns it plus
 * `policyApplies` and `analysisReasons`. Only enabled and report-only policies are evaluated;
 * with `appliedPoliciesOnly` only the applying ones are listed.
 */
import { evaluatePolicies } from '../evaluate/evaluator.js';
import { object, strings } from '../evaluate/json-values.js';
import type {
  DeviceInfo,
  DirectoryView,
  SignIn,
  SignInConditions,
  SignInContext,
  SignInIdentity,
} from '../evaluate/types.js';
import { graphError } from '../http/errors.js';
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { TenantStore } from '../tenant/store.js';
import { odataContext } from './conditional-access-odata.js';
import { policyView } from './conditional-access-policies.js';

type Json = Record<string, unknown>;

const fail = (message: string) => graphError(400, 'BadRequest', message);
const typeOf = (value: Json) => String(value['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');

function readIdentity(value: unknown): SignInIdentity {
  const identity = object(value);
  if (!identity) throw fail("The parameter 'signInIdentity' is required.");
  switch (typeOf(identity)) {
    case 'userSignIn': {
      if (typeof identity['userId'] !== 'string') throw fail('userSignIn.userId is required.');
      return {
        kind: 'user',
        userId: identity['userId'],
        externalUserType: (identity['externalUserType'] as string | null) ?? null,
        externalTenantId: (identity['externalTenantId'] as string | null) ?? null,
      };
    }
    case 'servicePrincipalSignIn':
      if (typeof identity['servicePrincipalId'] !== 'string')
        throw fail('servicePrincipalSignIn.servicePrincipalId is required.');
      return { kind: 'servicePrincipal', servicePrincipalId: identity['servicePrincipalId'] };
    default:
      throw fail(
        "signInIdentity must be a '#microsoft.graph.userSignIn' or '#microsoft.graph.servicePrincipalSignIn'.",
      );
  }
}

function readContext(value: unknown): SignInContext {
  const context = object(value);
  if (!context) throw fail("The parameter 'signInContext' is required.");
  switch (typeOf(context)) {
    case 'applicationContext': {
      const apps = strings(context['includeApplications']);
      // Suites are policy keywords, not apps one can sign in to.
      const suite = apps.find((a) => ['All', 'Office365', 'MicrosoftAdminPortals', 'None'].includes(a));
      if (suite)
        throw fail(
          `'${suite}' cannot be evaluated; pass the application ids of the apps being signed in to.`,
        );
      return { kind: 'application', applications: apps };
    }
    case 'userActionContext':
      return { kind: 'userAction', action: String(context['userAction'] ?? '') };
    case 'authContext':
      return { kind: 'authenticationContext', value: String(context['authenticationContextValue'] ?? '') };
    default:
      throw fail('signInContext must be an applicationContext, userActionContext or authContext.');
  }
}

function readConditions(value: unknown): SignInConditions {
  const c = object(value) ?? {};
  const text = (key: string) => (typeof c[key] === 'string' ? (c[key] as string) : undefined);
  const flow = object(c['authenticationFlow']);
  const device = object(c['deviceInfo']);
  const out: Record<string, unknown> = {
    devicePlatform: text('devicePlatform'),
    clientAppType: text('clientAppType'),
    signInRiskLevel: text('signInRiskLevel'),
    userRiskLevel: text('userRiskLevel'),
    servicePrincipalRiskLevel: text('servicePrincipalRiskLevel'),
    insiderRiskLevel: text('insiderRiskLevel'),
    country: text('country'),
    ipAddress: text('ipAddress'),
    authenticationFlow: typeof flow?.['transferMethod'] === 'string' ? flow['transferMethod'] : undefined,
    device: device ? (device as DeviceInfo) : undefined,
  };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out as SignInConditions;
}

/** The tenant as the evaluator reads it, with the signing-in user's methods. */
export function directoryView(tenant: TenantStore, userId: string | undefined): DirectoryView {
  const user = userId ? tenant.users.getAny(userId) : undefined;
  return {
    users: tenant.users.listAll(),
    groups: tenant.groups.listAll(),
    roleAssignments: tenant.collection('roleAssignments').listAll(),
    roleDefinitions: tenant.collection('roleDefinitions').listAll(),
    namedLocations: tenant.collection('namedLocations').listAll(),
    authenticationStrengthPolicies: tenant.collection('authenticationStrengthPolicies').listAll(),
    authenticationMethods: user
      ? { [String(user['id'])]: tenant.authenticationMethods(String(user['id'])) }
      : {},
  };
}

/** Reads a What If request body into the evaluator's sign-in. */
export function readSignIn(body: unknown): { signIn: SignIn; appliedPoliciesOnly: boolean } {
  const request = object(body);
  if (!request) throw fail('Empty Payload. JSON content expected.');
  return {
    signIn: {
      identity: readIdentity(request['signInIdentity']),
      context: readContext(request['signInContext']),
      conditions: readConditions(request['signInConditions']),
    },
    appliedPoliciesOnly: request['appliedPoliciesOnly'] === true,
  };
}

function evaluate(ctx: RouteContext): RouteResult {
  const { signIn, appliedPoliciesOnly } = readSignIn(ctx.body);
  const userId = signIn.identity.kind === 'user' ? signIn.identity.userId : undefined;
  const policies = ctx.tenant.collection('conditionalAccessPolicies').list();
  const results = evaluatePolicies(policies, directoryView(ctx.tenant, userId), signIn)
    .filter((r) => (appliedPoliciesOnly ? r.applies : true))
    .map((r) => ({ ...policyView(ctx, r.policy), policyApplies: r.applies, analysisReasons: r.reason }));
  return {
    status: 200,
    body: {
      '@odata.context': odataContext(ctx, 'Collection(microsoft.graph.whatIfAnalysisResult)'),
      value: results,
    },
  };
}

const routes: RouteDef[] = [
  { method: 'POST', surface: 'graph', path: '/identity/conditionalAccess/evaluate', handler: evaluate },
];

/** The What If route. */
export const conditionalAccessEvaluateRoutes: RouteModule = { name: 'conditional-access-evaluate', routes };
