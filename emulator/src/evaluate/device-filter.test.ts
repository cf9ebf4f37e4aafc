import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceFilterSyntaxError, evaluateDeviceFilter, parseDeviceFilter } from './device-filter.js';

const joined = {
  trustType: 'AzureAD',
  isCompliant: true,
  operatingSystem: 'Windows',
  model: 'Surface Laptop 5',
  extensionAttribute1: 'SAW',
};

const cases: Array<{ rule: string; device: Record<string, unknown> | null; expected: boolean }> = [
  // Microsoft's null rule on an unregistered device: positive operators false, negative true.
  { rule: 'device.trustType -eq "AzureAD"', device: null, expected: false },
  { rule: 'device.trustType -ne "AzureAD"', device: null, expected: true },
  {
    rule: 'device.trustType -ne "AzureAD" -and device.trustType -ne "ServerAD"',
    device: null,
    expected: true,
  },
  { rule: 'device.model -startsWith "Surface"', device: null, expected: false },
  { rule: 'device.model -notStartsWith "Surface"', device: null, expected: true },
  { rule: 'device.extensionAttribute1 -in ["SAW", "PAW"]', device: null, expected: false },
  { rule: 'device.extensionAttribute1 -notIn ["SAW", "PAW"]', device: null, expected: true },
  { rule: 'device.isCompliant -eq True', device: {}, expected: false },
  // A joined, compliant device.
  { rule: 'device.trustType -eq "AzureAD"', device: joined, expected: true },
  { rule: 'device.trustType -eq "azuread"', device: joined, expected: true },
  { rule: 'device.trustType -ne "AzureAD"', device: joined, expected: false },
  { rule: 'device.isCompliant -eq True', device: joined, expected: true },
  { rule: 'device.isCompliant -eq False', device: joined, expected: false },
  { rule: 'device.model -startsWith "Surface"', device: joined, expected: true },
  { rule: 'device.model -endsWith "5"', device: joined, expected: true },
  { rule: 'device.model -contains "Laptop"', device: joined, expected: true },
  { rule: 'device.model -notContains "Laptop"', device: joined, expected: false },
  { rule: 'device.extensionAttribute1 -in ["SAW", "PAW"]', device: joined, expected: true },
  { rule: 'device.model -match "^Surface.*[0-9]$"', device: joined, expected: true },
  // Precedence: -and binds tighter than -or; parentheses override.
  {
    rule: 'device.trustType -eq "ServerAD" -or device.isCompliant -eq True -and device.operatingSystem -eq "Windows"',
    device: joined,
    expected: true,
  },
  {
    rule: '(device.trustType -eq "ServerAD" -or device.isCompliant -eq True) -and device.operatingSystem -eq "iOS"',
    device: joined,
    expected: false,
  },
];

for (const { rule, device, expected } of cases) {
  test(`device filter: ${rule} on ${device === null ? 'an unregistered device' : JSON.stringify(device)} → ${expected}`, () => {
    assert.equal(evaluateDeviceFilter(parseDeviceFilter(rule), device as never), expected);
  });
}

for (const rule of [
  '',
  'device.trustType "AzureAD"',
  'device.trustType -like "x"',
  'device.trustType -eq "AzureAD" -and',
  '(device.trustType -eq "AzureAD"',
  'trustType -eq "AzureAD"',
  'device.x -in ["a" "b"]',
]) {
  test(`device filter: refuses malformed rule ${JSON.stringify(rule)}`, () => {
    assert.throws(() => parseDeviceFilter(rule), DeviceFilterSyntaxError);
  });
}

test('device filter: refuses rules longer than 3072 characters', () => {
  const long = Array.from({ length: 120 }, (_, i) => `device.displayName -eq "device-number-${i}"`).join(
    ' -or ',
  );
  assert.ok(long.length > 3072);
  assert.throws(() => parseDeviceFilter(long), DeviceFilterSyntaxError);
});
