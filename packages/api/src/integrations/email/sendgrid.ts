import {
  assertOk,
  base64Utf8,
  fetchWithDeadline,
  type ProviderEnv,
  parseAddress,
  providerBase,
  timeoutMs,
} from '../outbound.ts';
import type { EmailProvider } from './outgoing-email.ts';

/** SendGrid's v3 Mail Send API; it answers 202 with the id in `X-Message-Id`. */
export function sendgridProvider(env: ProviderEnv): EmailProvider {
  const base = providerBase(env, env.EMAIL_API_BASE, 'https://api.sendgrid.com');
  return {
    name: 'sendgrid',
    async send(email, now) {
      const from = parseAddress(email.from);
      const response = await fetchWithDeadline(
        `${base}/v3/mail/send`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${env.EMAIL_API_KEY ?? ''}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify({
            personalizations: [{ to: [{ email: email.to }] }],
            from: from.name ? from : { email: from.email },
            ...(email.replyTo ? { reply_to: { email: email.replyTo } } : {}),
            subject: email.subject,
            content: [
              { type: 'text/plain', value: email.text },
              { type: 'text/html', value: email.html },
            ],
            ...(email.attachments.length
              ? {
                  attachments: email.attachments.map((attachment) => ({
                    content: base64Utf8(attachment.content),
                    type: attachment.contentType,
                    filename: attachment.filename,
                    disposition: 'attachment',
                  })),
                }
              : {}),
          }),
        },
        timeoutMs(env),
      );
      await assertOk(response, 'sendgrid', now);
      return { provider: 'sendgrid', messageId: response.headers.get('x-message-id') };
    },
  };
}
