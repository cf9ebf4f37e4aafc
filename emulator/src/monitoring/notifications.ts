/**
 * Action groups delivering an alert: webhook receivers get the common alert schema payload by
 * HTTP POST, e-mail and SMS (and voice) receivers get a message in the emulator's mailbox, which
 * tests and the demo read back. Every attempt is recorded as a delivery.
 *
 * Webhooks are only sent to loopback addresses: the emulator must never send data off the
 * machine, so any other host is recorded as `skipped`. Plain http is allowed (loopback only).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { JsonObject } from '../tenant/schema.js';
import type { TenantStore } from '../tenant/store.js';
import { commonAlertPayload, emailBody, emailSubject, smsText, type FiredAlert } from './alerts.js';

/** A message in the mailbox. */
export interface MailboxMessage {
  readonly id: string;
  /** An e-mail address, or `sms:+<country><number>` / `voice:+<country><number>`. */
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly body: string;
  /** Emulator-clock time of delivery. */
  readonly time: string;
  readonly kind: 'email' | 'sms' | 'voice';
  readonly alertId: string;
  readonly actionGroup: string;
}

/** One notification attempt. */
export interface Delivery {
  readonly time: string;
  readonly alertId: string;
  readonly actionGroup: string;
  readonly receiver: string;
  readonly kind: string;
  readonly target: string;
  readonly status: 'delivered' | 'failed' | 'skipped';
  readonly httpStatus?: number;
  readonly error?: string;
}

/** Where deliveries go. */
export interface NotificationSink {
  mail(message: Omit<MailboxMessage, 'id'>): void;
  delivery(delivery: Delivery): void;
}

/** What a delivery needs from around it. */
export interface NotifyContext {
  readonly now: Date;
  /** The emulator's base URL (links in payloads). */
  readonly baseUrl: string;
  /** The emulator's CA, trusted for https webhooks besides the public roots. */
  readonly caCertPem: string;
}

const webhookTimeoutMs = 5000;

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

/** POSTs JSON to a webhook; resolves with the HTTP status or the error. */
export function postWebhook(
  url: URL,
  payload: unknown,
  caCertPem: string,
): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const body = JSON.stringify(payload);
    const options = {
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      },
      timeout: webhookTimeoutMs,
    };
    const onResponse = (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
    };
    const req =
      url.protocol === 'https:'
        ? httpsRequest(url, { ...options, ca: [...rootCertificates, caCertPem] }, onResponse)
        : httpRequest(url, options, onResponse);
    req.on('timeout', () => req.destroy(new Error(`no answer within ${webhookTimeoutMs} ms`)));
    req.on('error', (err) => resolve({ error: err.message }));
    req.end(body);
  });
}

function receivers(group: JsonObject, kind: string): JsonObject[] {
  const props = (group['properties'] ?? {}) as JsonObject;
  return Array.isArray(props[kind]) ? (props[kind] as JsonObject[]) : [];
}

const enabled = (receiver: JsonObject) =>
  receiver['status'] === undefined || receiver['status'] === 'Enabled';

/** Receiver kinds the emulator does not deliver to (recorded as skipped). */
const notEmulated = [
  'itsmReceivers',
  'azureAppPushReceivers',
  'automationRunbookReceivers',
  'logicAppReceivers',
  'azureFunctionReceivers',
  'armRoleReceivers',
  'eventHubReceivers',
  'incidentReceivers',
];

async function deliverWebhook(
  alert: FiredAlert,
  groupId: string,
  receiver: JsonObject,
  sink: NotificationSink,
  ctx: NotifyContext,
): Promise<void> {
  const name = String(receiver['name'] ?? '');
  const target = String(receiver['serviceUri'] ?? '');
  const base = {
    time: ctx.now.toISOString(),
    alertId: alert.alertId,
    actionGroup: groupId,
    receiver: name,
    kind: 'webhook',
    target,
  };
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    sink.delivery({ ...base, status: 'failed', error: 'serviceUri is not a URL' });
    return;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    sink.delivery({ ...base, status: 'failed', error: `unsupported scheme ${url.protocol}` });
    return;
  }
  if (!isLoopbackHost(url.hostname)) {
    sink.delivery({
      ...base,
      status: 'skipped',
      error: 'the emulator only delivers webhooks to loopback addresses',
    });
    return;
  }
  const result = await postWebhook(url, commonAlertPayload(alert, ctx.baseUrl), ctx.caCertPem);
  const ok = result.status !== undefined && result.status >= 200 && result.status < 300;
  sink.delivery({
    ...base,
    status: ok ? 'delivered' : 'failed',
    ...(result.status !== undefined ? { httpStatus: result.status } : {}),
    ...(result.error ? { error: result.error } : {}),
  });
}

/**
 * Notifies every action group of the alert's rule. A missing or disabled group is recorded as a
 * failed or skipped delivery; webhooks are awaited, so a caller that awaits this sees them done.
 */
export async function notifyActionGroups(
  alert: FiredAlert,
  tenant: TenantStore,
  sink: NotificationSink,
  ctx: NotifyContext,
): Promise<void> {
  const webhooks: Promise<void>[] = [];
  for (const groupId of alert.rule.actionGroups) {
    const group = tenant.collection('resources').getAny(groupId);
    const base = {
      time: ctx.now.toISOString(),
      alertId: alert.alertId,
      actionGroup: groupId,
      receiver: '',
      kind: 'actionGroup',
      target: groupId,
    };
    if (!group || String(group['type']).toLowerCase() !== 'microsoft.insights/actiongroups') {
      sink.delivery({ ...base, status: 'failed', error: 'the action group does not exist' });
      continue;
    }
    const props = (group['properties'] ?? {}) as JsonObject;
    if (props['enabled'] === false) {
      sink.delivery({ ...base, status: 'skipped', error: 'the action group is disabled' });
      continue;
    }
    const shortName = String(props['groupShortName'] ?? group['name']);
    const common = { time: ctx.now.toISOString(), alertId: alert.alertId, actionGroup: groupId };
    for (const r of receivers(group, 'emailReceivers').filter(enabled)) {
      const to = String(r['emailAddress'] ?? '');
      sink.mail({
        ...common,
        to,
        from: 'azure-noreply@microsoft.com',
        subject: emailSubject(alert),
        body: emailBody(alert),
        kind: 'email',
      });
      sink.delivery({
        ...common,
        receiver: String(r['name'] ?? ''),
        kind: 'email',
        target: to,
        status: 'delivered',
      });
    }
    for (const [kind, prefix] of [
      ['smsReceivers', 'sms'],
      ['voiceReceivers', 'voice'],
    ] as const) {
      for (const r of receivers(group, kind).filter(enabled)) {
        const to = `${prefix}:+${String(r['countryCode'] ?? '')}${String(r['phoneNumber'] ?? '')}`;
        const text = smsText(alert, shortName);
        sink.mail({ ...common, to, from: shortName, subject: text, body: text, kind: prefix });
        sink.delivery({
          ...common,
          receiver: String(r['name'] ?? ''),
          kind: prefix,
          target: to,
          status: 'delivered',
        });
      }
    }
    for (const r of receivers(group, 'webhookReceivers'))
      webhooks.push(deliverWebhook(alert, groupId, r, sink, ctx));
    for (const kind of notEmulated) {
      for (const r of receivers(group, kind)) {
        sink.delivery({
          ...common,
          receiver: String(r['name'] ?? ''),
          kind,
          target: '',
          status: 'skipped',
          error: `${kind} are not emulated`,
        });
      }
    }
  }
  await Promise.all(webhooks);
}
