/**
 * The apps of a scenario's `emulator` key: who may get tokens and with which Graph application
 * permissions and ARM roles. Client ids and secrets derive from the tenant key, so they are the
 * same on every run (these are emulator credentials, never real ones).
 */
import { createHash } from 'node:crypto';
import type { ScenarioContext } from './context.js';
import type { ArmRole, EmulatorApp } from './document.js';
import { adminGraphRoles, readOnlyGraphRoles } from './microsoft.js';

/** Scope of the ARM role that lets a service principal manage Entra diagnostic settings. */
export const aadiamScope = '/providers/Microsoft.aadiam';

/** The kinds of app a scenario can hold. */
export type AppKind = 'admin' | 'reader' | 'readerWithoutPolicy';

interface AppDefinition {
  readonly displayName: string;
  readonly graphRoles: readonly string[];
  readonly armRole: string;
}

/** Each kind of app, as data. */
export const appDefinitions: Readonly<Record<AppKind, AppDefinition>> = {
  admin: { displayName: 'breakglass admin', graphRoles: adminGraphRoles, armRole: 'Contributor' },
  reader: { displayName: 'breakglass reader', graphRoles: readOnlyGraphRoles, armRole: 'Reader' },
  readerWithoutPolicy: {
    displayName: 'breakglass reader (no Policy.Read.All)',
    graphRoles: readOnlyGraphRoles.filter((r) => r !== 'Policy.Read.All'),
    armRole: 'Reader',
  },
};

/** A deterministic secret in the shape Entra issues (`xxx8Q~` then 34 characters). */
function secretFor(seed: string): string {
  const body = createHash('sha256').update(seed).digest('base64url');
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

/**
 * The apps of a tenant: one per kind, the first is the default (the admin app that
 * `/_emulator/info` publishes). ARM roles cover every subscription and `/providers/Microsoft.aadiam`.
 */
export function emulatorApps(
  ctx: ScenarioContext,
  subscriptionIds: readonly string[],
  kinds: readonly AppKind[],
): EmulatorApp[] {
  return kinds.map((kind, index) => {
    const def = appDefinitions[kind];
    const armRoles: ArmRole[] = [
      ...subscriptionIds.map((id) => ({ role: def.armRole, scope: `/subscriptions/${id}` })),
      { role: def.armRole, scope: aadiamScope },
    ];
    return {
      displayName: def.displayName,
      clientId: ctx.ids.guid(`app:${kind}`),
      objectId: ctx.ids.guid(`app:${kind}:servicePrincipal`),
      clientSecret: secretFor(`${ctx.identity.key}/app:${kind}/secret`),
      certificateThumbprints: [],
      graphRoles: [...def.graphRoles],
      armRoles,
      ...(index === 0 ? { default: true } : {}),
    };
  });
}
