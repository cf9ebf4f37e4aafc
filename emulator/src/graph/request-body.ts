/**
 * Request-body checks shared by Graph write handlers, with Graph's own 400s.
 */
import { graphErrors } from '../http/errors.js';
import type { RouteContext } from '../http/types.js';
import type { JsonObject } from '../tenant/schema.js';

/** The body as an object, or Graph's 400 for a missing or non-object payload. */
export function objectBody(ctx: RouteContext): JsonObject {
  const body = ctx.body;
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw graphErrors.badRequest('Empty Payload. JSON content expected.', 'BadRequest');
  }
  return body as JsonObject;
}

/** Refuses properties the resource does not declare (annotations like `@odata.type` and `x@odata.bind` pass). */
export function checkDeclaredProperties(
  body: JsonObject,
  declared: readonly string[],
  extra: readonly string[] = [],
): void {
  for (const key of Object.keys(body)) {
    if (key.includes('@')) continue;
    if (
      declared.some((d) => d.toLowerCase() === key.toLowerCase()) ||
      extra.some((d) => d.toLowerCase() === key.toLowerCase())
    )
      continue;
    throw graphErrors.badRequest(
      `Property '${key}' does not exist as a declared property or extension property.`,
      'Request_BadRequest',
    );
  }
}

/** A required string property, or Graph's 400 naming it. */
export function requireString(body: JsonObject, name: string, resource: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v.trim() === '')
    throw graphErrors.badRequest(`Invalid value specified for property '${name}' of resource '${resource}'.`);
  return v;
}

/** A required boolean property, or Graph's 400 naming it. */
export function requireBoolean(body: JsonObject, name: string, resource: string): boolean {
  const v = body[name];
  if (typeof v !== 'boolean')
    throw graphErrors.badRequest(`Invalid value specified for property '${name}' of resource '${resource}'.`);
  return v;
}

/** The emulator clock as Graph formats date-times (`2026-01-01T10:00:00Z`). */
export function graphNow(ctx: RouteContext): string {
  return ctx.emulator.clock
    .date()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}
