/**
 * Builders for authentication methods, each with the `@odata.type` Graph's
 * `GET /users/{id}/authentication/methods` reports.
 */
import type { ScenarioContext } from './context.js';
import type { MethodObject } from './document.js';
import { fixedMethodIds, type Fido2Model } from './microsoft.js';

/** A FIDO2 security key (device-bound passkey). Its id is base64url, like Entra's. */
export function fido2Key(
  ctx: ScenarioContext,
  ownerKey: string,
  label: string,
  model: Fido2Model,
  createdDaysAgo: number,
): MethodObject {
  const seed = ctx.ids.guid(`fido2:${ownerKey}:${label}`).replace(/-/g, '');
  return {
    '@odata.type': '#microsoft.graph.fido2AuthenticationMethod',
    id: Buffer.from(seed, 'hex').toString('base64url'),
    displayName: label,
    createdDateTime: ctx.ago(createdDaysAgo),
    aaGuid: model.aaGuid,
    model: model.model,
    attestationCertificates: [ctx.ids.guid(`fido2-cert:${model.aaGuid}`).replace(/-/g, '').slice(0, 40)],
    attestationLevel: 'attested',
    passkeyType: 'deviceBound',
  };
}

/** The password method (fixed id; Graph never returns the password itself). */
export function passwordMethod(ctx: ScenarioContext, createdDaysAgo: number): MethodObject {
  return {
    '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
    id: fixedMethodIds.password,
    password: null,
    createdDateTime: ctx.ago(createdDaysAgo),
  };
}

/** A mobile phone usable for SMS and voice: tied to one person. */
export function mobilePhone(phoneNumber: string): MethodObject {
  return {
    '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
    id: fixedMethodIds.mobilePhone,
    phoneNumber,
    phoneType: 'mobile',
    smsSignInState: 'notAllowedByPolicy',
  };
}

/** Microsoft Authenticator on someone's phone: tied to one person. */
export function authenticatorApp(
  ctx: ScenarioContext,
  ownerKey: string,
  device: string,
  createdDaysAgo: number,
): MethodObject {
  return {
    '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod',
    id: ctx.ids.guid(`authenticator:${ownerKey}`),
    displayName: device,
    deviceTag: 'SoftwareTokenActivated',
    phoneAppVersion: '6.2411.7212',
    createdDateTime: ctx.ago(createdDaysAgo),
  };
}

/** Windows Hello for Business on a managed laptop (phishing-resistant). */
export function windowsHello(
  ctx: ScenarioContext,
  ownerKey: string,
  device: string,
  createdDaysAgo: number,
): MethodObject {
  return {
    '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod',
    id: Buffer.from(ctx.ids.guid(`whfb:${ownerKey}`).replace(/-/g, ''), 'hex').toString('base64url'),
    displayName: device,
    createdDateTime: ctx.ago(createdDaysAgo),
    keyStrength: 'normal',
  };
}
