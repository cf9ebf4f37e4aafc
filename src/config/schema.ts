/**
 * `breakglass.yaml`, the declared emergency-access plan. Defaults are the guide's
 * (../shared/seed/emergency-access-guide.txt). Parsing with line/column errors lives in ./load.ts.
 */
import { z } from 'zod';

export const GLOBAL_ADMINISTRATOR_TEMPLATE_ID = '62e90394-69f5-4237-9190-012177145e10';
export const PHISHING_RESISTANT_STRENGTH_ID = '00000000-0000-0000-0000-000000000004';

const accountSchema = z.strictObject({
  /** UPN or object id of an existing account. */
  userPrincipalName: z.string().optional(),
  id: z.string().optional(),
  /** Under `split`: whether this account is under the dedicated policy or excluded from all. */
  role: z.enum(['dedicated', 'excluded']).optional(),
});

export const configSchema = z.strictObject({
  version: z.literal(1).default(1),
  tenant: z
    .strictObject({
      id: z.string().optional(),
      initialDomain: z.string().optional(),
      cloud: z.enum(['global', 'usgov', 'china']).default('global'),
    })
    .prefault({}),
  model: z.enum(['dedicated', 'exclude-all', 'split']).default('dedicated'),
  accounts: z
    .strictObject({
      count: z.number().int().min(2).max(10).default(2),
      naming: z.string().default('EmergencyAccount_{n}'),
      usageLocation: z.string().length(2).optional(),
      /** Explicit accounts; when absent the accounts are `naming` × `count` on the initial domain. */
      list: z.array(accountSchema).optional(),
    })
    .prefault({}),
  group: z
    .strictObject({
      displayName: z.string().default('CA-Persona-BreakGlassAccounts'),
      roleAssignable: z.boolean().default(true),
    })
    .prefault({}),
  policy: z
    .strictObject({
      displayName: z
        .string()
        .default('CA000-Global-BreakGlassAccounts-AllApps-AnyPlatform-PhishingResistantMFA'),
      signInFrequencyHours: z.number().int().min(1).max(24).default(1),
      state: z.enum(['enabled', 'enabledForReportingButNotEnforced']).default('enabled'),
    })
    .prefault({}),
  methods: z
    .strictObject({
      /** Address for the email authentication method (a shared, monitored mailbox — never a person's). */
      email: z.string().email().optional(),
      temporaryAccessPass: z
        .strictObject({ lifetimeInMinutes: z.number().int().min(10).max(43200).default(60) })
        .prefault({}),
      /**
       * Methods tied to one person — phone (SMS/voice), Microsoft Authenticator, software OATH
       * (EA-ACC-009). `keep` (the default) leaves them alone. `remove` makes the plan delete them,
       * but only from an account that has a FIDO2 key registered, and only after its other method
       * changes; an account without a key keeps them, and the plan says why.
       */
      personTied: z.enum(['keep', 'remove']).default('keep'),
    })
    .prefault({}),
  monitoring: z
    .strictObject({
      subscriptionId: z.string().optional(),
      resourceGroup: z.string().default('rg-signinlogs-prod-weu-01'),
      location: z.string().default('westeurope'),
      workspace: z.string().default('log-signinlogs-prod-weu'),
      retentionInDays: z.number().int().min(30).max(730).default(90),
      diagnosticSetting: z.string().default('breakglass-signinlogs'),
      actionGroup: z
        .strictObject({
          name: z.string().default('ag-breakglass'),
          shortName: z.string().max(12).default('breakglass'),
          emails: z.array(z.string().email()).default([]),
          sms: z.array(z.strictObject({ countryCode: z.string(), phoneNumber: z.string() })).default([]),
          webhooks: z.array(z.string().url()).default([]),
        })
        .prefault({}),
      evaluationFrequencyMinutes: z.number().int().min(1).max(60).default(5),
    })
    .prefault({}),
  audit: z
    .strictObject({
      failOn: z.enum(['critical', 'high', 'medium', 'low', 'info']).default('high'),
      minRetentionDays: z.number().int().default(90),
      maxAlertFrequencyMinutes: z.number().int().default(5),
      drillIntervalDays: z.number().int().default(90),
      reviewWindowDays: z.number().int().default(30),
    })
    .prefault({}),
});

export type BreakglassConfig = z.infer<typeof configSchema>;

/** The configuration used when the user has none: the guide's defaults. */
export function defaultConfig(): BreakglassConfig {
  return configSchema.parse({});
}
