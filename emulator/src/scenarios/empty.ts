/**
 * `empty`: Northwind Traders, a fresh Entra ID P1 tenant that never heard of break-glass — staff,
 * a few admins, a handful of Conditional Access policies without any exclusion, security defaults
 * off (so provisioning can start), and a subscription with no monitoring. `breakglass apply`
 * starts here.
 */
import { emulatorApps } from './apps.js';
import { resourceGroup, subscription } from './azure.js';
import { baselinePolicies, type BaselineKey } from './baseline-policies.js';
import { ScenarioContext } from './context.js';
import type { ScenarioOptions, TenantDocument } from './document.js';
import { addStaffSignIns } from './guide-tenant.js';
import { northwind } from './identities.js';
import { activeRole, user } from './directory.js';
import { authenticatorApp, mobilePhone, passwordMethod } from './methods.js';
import { roleIds, skus } from './microsoft.js';
import { caPolicy, countryLocation } from './policies.js';
import { namedStaff } from './population.js';
import { addPopulation, newTenantDocument } from './tenant-document.js';

/** The baseline policies a young tenant has switched on. */
const emptyTenantPolicies: readonly BaselineKey[] = ['CA002', 'CA003', 'CA100', 'MS-RISKY'];

/** Generates the `empty` tenant. */
export function empty(options?: ScenarioOptions): TenantDocument {
  const ctx = new ScenarioContext(northwind, options);
  const doc = newTenantDocument(ctx, {
    licences: [{ sku: skus.businessPremium, enabled: 25, consumed: 22 }],
    securityDefaultsEnabled: false,
    onPremisesSyncEnabled: false,
  });
  const pop = namedStaff(ctx, { synced: false });
  addPopulation(doc, pop);
  // The account the tenant was created with: the one standing Global Administrator.
  const founder = user(ctx, {
    key: 'admin',
    displayName: 'Northwind Admin',
    domain: 'initial',
    createdDaysAgo: 400,
  });
  doc.graph.users.push(founder);
  const ga = activeRole(ctx, roleIds.globalAdministrator, founder.id, { sinceDaysAgo: 400 });
  doc.graph.roleAssignments.push(ga.assignment);
  doc.graph.roleAssignmentSchedules.push(ga.schedule);
  doc.graph.authenticationMethods[founder.id] = [
    passwordMethod(ctx, 400),
    authenticatorApp(ctx, founder.id, 'iPhone 15', 399),
    mobilePhone('+44 7700 900123'),
  ];

  const countries = countryLocation(ctx, 'uk-only', 'United Kingdom', ['GB'], 200);
  doc.graph.namedLocations.push(countries);
  const specs = baselinePolicies({ exclusion: null, allowedCountriesId: countries.id });
  doc.graph.conditionalAccessPolicies.push(...emptyTenantPolicies.map((k) => caPolicy(ctx, specs[k])));

  const sub = subscription(ctx, 'prod', 'Northwind Production');
  doc.azure.subscriptions.push(sub);
  doc.azure.resources.push(
    resourceGroup(ctx, 'prod', 'rg-app-prod-uks-01', 'uksouth', { workload: 'webshop' }),
  );
  addStaffSignIns(ctx, doc, pop.signInUsers, 20, undefined);
  doc.emulator.apps = emulatorApps(ctx, [String(sub.subscriptionId)], ['admin', 'reader']);
  return doc;
}
