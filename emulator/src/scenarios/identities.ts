/** The organisations the scenarios emulate (Microsoft's own sample company names). */
import type { TenantIdentity } from './context.js';

/** The `healthy` tenant. */
export const contoso: TenantIdentity = {
  key: 'contoso',
  displayName: 'Contoso',
  initialDomain: 'contoso.onmicrosoft.com',
  customDomain: 'contoso.com',
  countryLetterCode: 'DE',
  city: 'Frankfurt am Main',
  usageLocation: 'DE',
};

/** The `drifted` tenant. */
export const fabrikam: TenantIdentity = {
  key: 'fabrikam',
  displayName: 'Fabrikam',
  initialDomain: 'fabrikam.onmicrosoft.com',
  customDomain: 'fabrikam.com',
  countryLetterCode: 'NL',
  city: 'Amsterdam',
  usageLocation: 'NL',
};

/** The `empty` tenant. */
export const northwind: TenantIdentity = {
  key: 'northwind',
  displayName: 'Northwind Traders',
  initialDomain: 'northwindtraders.onmicrosoft.com',
  customDomain: 'northwindtraders.com',
  countryLetterCode: 'GB',
  city: 'London',
  usageLocation: 'GB',
};

/** The `large` tenant. */
export const woodgrove: TenantIdentity = {
  key: 'woodgrove',
  displayName: 'Woodgrove Bank',
  initialDomain: 'woodgrovebank.onmicrosoft.com',
  customDomain: 'woodgrovebank.com',
  countryLetterCode: 'DE',
  city: 'Munich',
  usageLocation: 'DE',
};

/** The `small` tenant. */
export const tailspin: TenantIdentity = {
  key: 'tailspin',
  displayName: 'Tailspin Toys',
  initialDomain: 'tailspintoys.onmicrosoft.com',
  customDomain: 'tailspintoys.com',
  countryLetterCode: 'AT',
  city: 'Vienna',
  usageLocation: 'AT',
};
