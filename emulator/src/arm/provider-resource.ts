/**
 * Routes for a resource-group-scoped provider resource type, from a definition: PUT (create or
 * replace), GET, PATCH (merge), DELETE, and the list by resource group and by subscription. The
 * definition supplies validation and defaults (`build`) and may turn a PUT into a long-running
 * operation (`respondToPut`).
 */
import type { RouteContext, RouteDef, RouteModule, RouteResult } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';
import {
  actionFor,
  authorize,
  invalidRequest,
  requireApiVersion,
  requireResourceGroup,
  requireSubscription,
  resourceGroupId,
  resourceNotFound,
  systemData,
  type ResourceKind,
} from './arm-common.js';

/** The parts every resource has, settled before `build` runs. */
export interface ResourceEnvelope {
  id: string;
  name: string;
  type: string;
  location: string;
  tags?: unknown;
}

/** A provider resource type. */
export interface ProviderResourceType {
  readonly kind: ResourceKind;
  /** `Namespace/type`, as ARM spells it. */
  readonly type: string;
  /** Names must match this (Azure's naming rules for the type). */
  readonly namePattern: RegExp;
  /** Whether `location` is kept as given (`Global`) rather than normalised (`westeurope`). */
  readonly keepLocationCase?: boolean;
  /** Validates the body and returns the stored resource (throw `invalidRequest` for bad input). */
  build(
    ctx: RouteContext,
    body: JsonObject,
    existing: JsonObject | undefined,
    envelope: ResourceEnvelope,
  ): JsonObject;
  /** The PUT response; default 201 (created) / 200 (replaced) with the resource. */
  respondToPut?(ctx: RouteContext, resource: JsonObject, created: boolean, apiVersion: string): RouteResult;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** PATCH semantics for ARM resources: objects merge, everything else replaces. */
function merge(target: JsonObject, patch: JsonObject): JsonObject {
  const out: JsonObject = { ...target };
  for (const [k, v] of Object.entries(patch))
    out[k] = isObject(v) && isObject(out[k]) ? merge(out[k] as JsonObject, v) : v;
  return out;
}

/** The routes of a provider resource type. */
export function providerResourceRoutes(def: ProviderResourceType, name: string): RouteModule {
  const resourcePath = (sub: string, rg: string, resource: string) =>
    `${resourceGroupId(sub, rg)}/providers/${def.type}/${resource}`;

  const locate = (ctx: RouteContext) => {
    const { subscriptionId = '', resourceGroupName = '', resourceName = '' } = ctx.params;
    const id = resourcePath(subscriptionId, resourceGroupName, resourceName);
    authorize(ctx, actionFor(ctx, def.type), id);
    requireResourceGroup(ctx, subscriptionId, resourceGroupName);
    return {
      id,
      subscriptionId,
      resourceGroupName,
      resourceName,
      existing: ctx.tenant.collection('resources').get(id),
    };
  };

  const write = (
    ctx: RouteContext,
    body: JsonObject,
    target: ReturnType<typeof locate>,
    apiVersion: string,
  ): RouteResult => {
    if (!def.namePattern.test(target.resourceName)) {
      throw invalidRequest(
        `The resource name '${target.resourceName}' is invalid for type '${def.type}'.`,
        'InvalidResourceName',
      );
    }
    if (typeof body['location'] !== 'string' || body['location'] === '')
      throw invalidRequest("The 'location' property is required for this definition.", 'LocationRequired');
    const location = def.keepLocationCase
      ? body['location']
      : body['location'].toLowerCase().replace(/\s/g, '');
    const envelope: ResourceEnvelope = {
      id: String(target.existing?.['id'] ?? target.id),
      name: String(target.existing?.['name'] ?? target.resourceName),
      type: def.type,
      location,
      ...(body['tags'] !== undefined ? { tags: body['tags'] } : {}),
    };
    const resource = {
      ...def.build(ctx, body, target.existing, envelope),
      systemData: systemData(ctx, target.existing),
    };
    ctx.tenant.collection('resources').put(resource);
    const created = target.existing === undefined;
    return (
      def.respondToPut?.(ctx, resource, created, apiVersion) ?? {
        status: created ? 201 : 200,
        body: resource,
      }
    );
  };

  const put = (ctx: RouteContext): RouteResult => {
    const version = requireApiVersion(ctx, def.kind);
    const target = locate(ctx);
    if (!isObject(ctx.body))
      throw invalidRequest('The request content was invalid and could not be deserialized.');
    return write(ctx, ctx.body, target, version);
  };

  const patch = (ctx: RouteContext): RouteResult => {
    const version = requireApiVersion(ctx, def.kind);
    const target = locate(ctx);
    if (!target.existing) throw resourceNotFound(def.type, target.resourceName, target.resourceGroupName);
    if (!isObject(ctx.body))
      throw invalidRequest('The request content was invalid and could not be deserialized.');
    const { systemData: _s, id: _i, name: _n, type: _t, ...current } = target.existing;
    const result = write(ctx, merge(current, ctx.body), target, version);
    return { ...result, status: 200 };
  };

  const get = (ctx: RouteContext): RouteResult => {
    requireApiVersion(ctx, def.kind);
    const target = locate(ctx);
    if (!target.existing) throw resourceNotFound(def.type, target.resourceName, target.resourceGroupName);
    return { status: 200, body: target.existing };
  };

  const remove = (ctx: RouteContext): RouteResult => {
    requireApiVersion(ctx, def.kind);
    const target = locate(ctx);
    if (!target.existing) return { status: 204 };
    ctx.tenant.collection('resources').delete(target.id);
    return { status: 200 };
  };

  const ofType = (r: JsonObject) => String(r['type']).toLowerCase() === def.type.toLowerCase();

  const listByGroup = (ctx: RouteContext): RouteResult => {
    requireApiVersion(ctx, def.kind);
    const { subscriptionId = '', resourceGroupName = '' } = ctx.params;
    authorize(ctx, `${def.type}/read`, resourceGroupId(subscriptionId, resourceGroupName));
    requireResourceGroup(ctx, subscriptionId, resourceGroupName);
    const prefix = `${resourceGroupId(subscriptionId, resourceGroupName)}/`.toLowerCase();
    return {
      status: 200,
      body: {
        value: ctx.tenant
          .collection('resources')
          .list()
          .filter((r) => ofType(r) && String(r['id']).toLowerCase().startsWith(prefix)),
      },
    };
  };

  const listBySubscription = (ctx: RouteContext): RouteResult => {
    requireApiVersion(ctx, def.kind);
    const subscriptionId = ctx.params['subscriptionId'] ?? '';
    requireSubscription(ctx, subscriptionId);
    authorize(ctx, `${def.type}/read`, `/subscriptions/${subscriptionId}`);
    const prefix = `/subscriptions/${subscriptionId}/`.toLowerCase();
    return {
      status: 200,
      body: {
        value: ctx.tenant
          .collection('resources')
          .list()
          .filter((r) => ofType(r) && String(r['id']).toLowerCase().startsWith(prefix)),
      },
    };
  };

  const base = `/subscriptions/:subscriptionId/resourcegroups/:resourceGroupName/providers/${def.type}`;
  const routes: RouteDef[] = [
    { method: 'PUT', surface: 'arm', path: `${base}/:resourceName`, handler: put },
    { method: 'PATCH', surface: 'arm', path: `${base}/:resourceName`, handler: patch },
    { method: 'GET', surface: 'arm', path: `${base}/:resourceName`, handler: get },
    { method: 'DELETE', surface: 'arm', path: `${base}/:resourceName`, handler: remove },
    { method: 'GET', surface: 'arm', path: base, handler: listByGroup },
    {
      method: 'GET',
      surface: 'arm',
      path: `/subscriptions/:subscriptionId/providers/${def.type}`,
      handler: listBySubscription,
    },
  ];
  return { name, routes };
}
