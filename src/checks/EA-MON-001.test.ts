import { test } from 'node:test';
import { check } from './EA-MON-001.js';
import { assertCase, deniedCollection, props, TENANT_ID, type CheckCase } from './lib/fixture.js';

const SETTING = '/providers/microsoft.aadiam/diagnosticSettings/breakglass-signinlogs';
const logs = (...categories: string[]) => categories.map((category) => ({ category, enabled: true }));

const cases: CheckCase[] = [
  { name: 'all three categories to the workspace', expect: { [SETTING]: 'pass' } },
  {
    name: 'AuditLogs missing warns',
    change: (s) => void (props(s, SETTING)['logs'] = logs('SignInLogs', 'NonInteractiveUserSignInLogs')),
    expect: { [SETTING]: 'warn' },
    messageIncludes: { [SETTING]: 'AuditLogs' },
  },
  {
    name: 'non-interactive missing warns',
    change: (s) => void (props(s, SETTING)['logs'] = logs('SignInLogs', 'AuditLogs')),
    expect: { [SETTING]: 'warn' },
  },
  {
    name: 'SignInLogs disabled fails',
    change: (s) =>
      void (props(s, SETTING)['logs'] = [{ category: 'SignInLogs', enabled: false }, ...logs('AuditLogs')]),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'SignInLogs only to a storage account fails',
    change: (s) => {
      const p = props(s, SETTING);
      delete p['workspaceId'];
      p['storageAccountId'] =
        '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z';
    },
    expect: { [TENANT_ID]: 'fail' },
    messageIncludes: { [TENANT_ID]: 'not to a Log Analytics workspace' },
  },
  {
    name: 'an allLogs category group counts',
    change: (s) => void (props(s, SETTING)['logs'] = [{ categoryGroup: 'allLogs', enabled: true }]),
    expect: { [SETTING]: 'pass' },
  },
  {
    name: 'no diagnostic setting',
    change: (s) => void (s.azure!.aadDiagnosticSettings = []),
    expect: { [TENANT_ID]: 'fail' },
  },
  {
    name: 'settings unreadable (the service-principal trap)',
    change: (s) => void delete s.azure!.aadDiagnosticSettings,
    options: deniedCollection(
      'azure.aadDiagnosticSettings',
      'microsoft.aadiam/diagnosticSettings answered 403',
    ),
    expect: { [TENANT_ID]: 'skip:missing-permission' },
  },
];

for (const c of cases) test(`EA-MON-001: ${c.name}`, () => void assertCase(check, c));
