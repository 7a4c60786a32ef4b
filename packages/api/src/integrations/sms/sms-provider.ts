import type { SentMessage } from '../email/outgoing-email.ts';
import {
  assertOk,
  DeliveryError,
  fetchWithDeadline,
  type ProviderEnv,
  providerBase,
  timeoutMs,
} from '../outbound.ts';

export interface SmsProvider {
  readonly name: string;
  send(sms: { to: string; body: string; idempotencyKey: string }, now: Date): Promise<SentMessage>;
}

/** Development: the text stays in the outbox table, shown at `/dev/outbox`. */
export const logSmsProvider: SmsProvider = {
  name: 'log',
  async send(sms) {
    return {
      provider: 'log',
      messageId: `log_${sms.idempotencyKey}`,
      // Written by the sender (`SentMessage.logLine`).
      logLine: JSON.stringify({ level: 'info', sms: { body: sms.body } }),
    };
  },
};

/** Twilio's Messages resource: form-encoded POST with Basic auth (SID:token). */
export function twilioProvider(env: ProviderEnv): SmsProvider {
  const base = providerBase(env, env.TWILIO_API_BASE, 'https://api.twilio.com');
  return {
    name: 'twilio',
    async send(sms, now) {
      if (!env.TWILIO_ACCOUNT_SID || !env.TWILIO_FROM) {
        throw new DeliveryError('Twilio is not configured (TWILIO_ACCOUNT_SID, TWILIO_FROM)', {
          retryable: true,
        });
      }
      const sid = encodeURIComponent(env.TWILIO_ACCOUNT_SID);
      const response = await fetchWithDeadline(
        `${base}/2010-04-01/Accounts/${sid}/Messages.json`,
        {
          method: 'POST',
          headers: {
            authorization: `Basic ${btoa(`${env.TWILIO_ACCOUNT_SID}:${env.TWILIO_AUTH_TOKEN ?? ''}`)}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ To: sms.to, From: env.TWILIO_FROM, Body: sms.body }),
        },
        timeoutMs(env),
      );
      await assertOk(response, 'twilio', now);
      const body = (await response.json().catch(() => ({}))) as { sid?: unknown };
      return { provider: 'twilio', messageId: typeof body.sid === 'string' ? body.sid : null };
    },
  };
}

export function smsProvider(env: ProviderEnv): SmsProvider {
  return env.SMS_PROVIDER === 'twilio' ? twilioProvider(env) : logSmsProvider;
}
