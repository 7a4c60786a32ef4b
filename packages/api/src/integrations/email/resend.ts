import {
  assertOk,
  base64Utf8,
  fetchWithDeadline,
  type ProviderEnv,
  providerBase,
  timeoutMs,
} from '../outbound.ts';
import type { EmailProvider } from './outgoing-email.ts';

/** Resend's REST API (`POST /emails`), with its `Idempotency-Key` against double sends. */
export function resendProvider(env: ProviderEnv): EmailProvider {
  const base = providerBase(env, env.EMAIL_API_BASE, 'https://api.resend.com');
  return {
    name: 'resend',
    async send(email, now) {
      const response = await fetchWithDeadline(
        `${base}/emails`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${env.EMAIL_API_KEY ?? ''}`,
            'content-type': 'application/json',
            'idempotency-key': email.idempotencyKey,
          },
          body: JSON.stringify({
            from: email.from,
            to: [email.to],
            subject: email.subject,
            text: email.text,
            html: email.html,
            ...(email.replyTo ? { reply_to: email.replyTo } : {}),
            attachments: email.attachments.map((attachment) => ({
              filename: attachment.filename,
              content: base64Utf8(attachment.content),
              content_type: attachment.contentType,
            })),
          }),
        },
        timeoutMs(env),
      );
      await assertOk(response, 'resend', now);
      const body = (await response.json().catch(() => ({}))) as { id?: unknown };
      return { provider: 'resend', messageId: typeof body.id === 'string' ? body.id : null };
    },
  };
}
