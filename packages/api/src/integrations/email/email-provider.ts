import { DeliveryError, type ProviderEnv } from '../outbound.ts';
import type { EmailProvider } from './outgoing-email.ts';
import { resendProvider } from './resend.ts';
import { sendgridProvider } from './sendgrid.ts';

// The types live in outgoing-email.ts; re-exported for callers that import them from here.
export type {
  EmailAttachment,
  EmailProvider,
  OutgoingEmail,
  SentMessage,
} from './outgoing-email.ts';

/**
 * The `log` provider: nothing leaves the machine. The message is already in the outbox
 * table (subject, text, invitation), which is what `/dev/outbox` shows; the sender writes
 * the returned `logLine` to the console.
 */
export const logEmailProvider: EmailProvider = {
  name: 'log',
  async send(email) {
    return {
      provider: 'log',
      messageId: `log_${email.idempotencyKey}`,
      logLine: JSON.stringify({ level: 'info', email: { to: email.to, subject: email.subject } }),
    };
  },
};

/** The provider `EMAIL_PROVIDER` names; an unknown name fails every send (and retries). */
export function emailProvider(env: ProviderEnv): EmailProvider {
  switch (env.EMAIL_PROVIDER) {
    case 'resend':
      return resendProvider(env);
    case 'sendgrid':
      return sendgridProvider(env);
    case 'log':
    case '':
    case undefined:
      return logEmailProvider;
    default:
      return {
        name: env.EMAIL_PROVIDER,
        send: async () => {
          throw new DeliveryError(`unknown EMAIL_PROVIDER "${env.EMAIL_PROVIDER}"`, {
            retryable: true,
          });
        },
      };
  }
}
