/**
 * The `breakglass.yaml` that `breakglass init` writes: every setting at the guide's default, with
 * a comment saying what it is for. Values are taken from `defaultConfig()` so the template and
 * the schema cannot disagree; only the tenant facts are filled in.
 */
import { stringify } from 'yaml';
import { defaultConfig } from './schema.js';

/** Tenant facts `init` reads from the tenant. */
export interface TemplateTenant {
  id?: string;
  initialDomain?: string;
  cloud?: 'global' | 'usgov' | 'china';
}

/** A YAML scalar as it would be written in a mapping (quoted only when needed). */
function scalar(value: unknown): string {
  return stringify(value).trimEnd();
}

/** The commented config text for a tenant. */
export function renderConfigTemplate(tenant: TemplateTenant = {}): string {
  const d = defaultConfig();
  const optional = (key: string, value: string | undefined, placeholder: string) =>
    value === undefined ? `  # ${key}: ${placeholder}` : `  ${key}: ${scalar(value)}`;
  return `# breakglass.yaml: the emergency-access ("break-glass") plan for one Entra ID tenant.
# Review it, then run \`breakglass plan\` to see what would change and \`breakglass apply\` to do it.
# Defaults follow the emergency-access guide; every key is optional.
version: ${d.version}

tenant:
${optional('id', tenant.id, '00000000-0000-0000-0000-000000000000')}
  # The initial *.onmicrosoft.com domain: the accounts live there, independent of federation and custom DNS.
${optional('initialDomain', tenant.initialDomain, 'contoso.onmicrosoft.com')}
  cloud: ${scalar(tenant.cloud ?? d.tenant.cloud)} # global | usgov | china

# dedicated:   one Conditional Access policy requires phishing-resistant MFA for the group (the guide).
# exclude-all: the accounts are excluded from every policy (Microsoft's 2026 guidance).
# split:       one account under the dedicated policy, the other excluded from everything.
model: ${scalar(d.model)}

accounts:
  count: ${d.accounts.count} # at least two, for redundancy
  naming: ${scalar(d.accounts.naming)} # {n} is the account number
  # usageLocation: US # two-letter country code, needed only to assign licences
  # To adopt accounts that already exist, list them instead of count/naming:
  # list:
  #   - userPrincipalName: EmergencyAccount_1@contoso.onmicrosoft.com
  #   - id: 00000000-0000-0000-0000-000000000000

group:
  displayName: ${scalar(d.group.displayName)}
  roleAssignable: ${d.group.roleAssignable} # so that lower admins cannot add themselves to the exclusion

policy:
  displayName: ${scalar(d.policy.displayName)}
  signInFrequencyHours: ${d.policy.signInFrequencyHours}
  # Created report-only; apply enables it only once every account has a phishing-resistant method.
  state: ${scalar(d.policy.state)} # enabled | enabledForReportingButNotEnforced

methods:
  # email: it-emergency@contoso.com # a shared, monitored mailbox, never one person's
  temporaryAccessPass:
    lifetimeInMinutes: ${d.methods.temporaryAccessPass.lifetimeInMinutes} # for enrolling the FIDO2 keys
  # Phone (SMS/voice), Microsoft Authenticator and software OATH live on one person's device.
  # remove: apply deletes them, only from accounts that have a FIDO2 key registered.
  personTied: ${scalar(d.methods.personTied)} # keep | remove

monitoring:
  # subscriptionId: 00000000-0000-0000-0000-000000000000 # where the workspace and alert live
  resourceGroup: ${scalar(d.monitoring.resourceGroup)}
  location: ${scalar(d.monitoring.location)}
  workspace: ${scalar(d.monitoring.workspace)}
  retentionInDays: ${d.monitoring.retentionInDays} # sign-in logs stay 30 days in Entra; keep them longer here
  diagnosticSetting: ${scalar(d.monitoring.diagnosticSetting)}
  actionGroup:
    name: ${scalar(d.monitoring.actionGroup.name)}
    shortName: ${scalar(d.monitoring.actionGroup.shortName)} # at most 12 characters
    emails: [] # e.g. [it-security@contoso.com]
    sms: [] # e.g. [{ countryCode: "1", phoneNumber: "5555550100" }]
    webhooks: []
  evaluationFrequencyMinutes: ${d.monitoring.evaluationFrequencyMinutes}

audit:
  failOn: ${scalar(d.audit.failOn)} # critical | high | medium | low | info
  minRetentionDays: ${d.audit.minRetentionDays}
  maxAlertFrequencyMinutes: ${d.audit.maxAlertFrequencyMinutes}
  drillIntervalDays: ${d.audit.drillIntervalDays} # test each account at least this often
  reviewWindowDays: ${d.audit.reviewWindowDays} # sign-ins of this many days must match recorded drills
`;
}
