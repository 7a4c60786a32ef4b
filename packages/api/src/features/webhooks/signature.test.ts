import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newMessageId, newWebhookSecret, signWebhook } from './signature.ts';

describe('Standard Webhooks signature', () => {
  it('matches the spec example', async () => {
    // The example of the Standard Webhooks specification.
    const headers = await signWebhook(
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      new Date(1614265330 * 1000),
      '{"test": 2432232314}',
    );
    expect(headers['webhook-signature']).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
    expect(headers['webhook-timestamp']).toBe('1614265330');
  });

  it('makes secrets and ids in the expected shapes', async () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newMessageId()).toMatch(/^msg_[0-9a-f]{32}$/);
    const body = JSON.stringify({ type: 'appointment.created' });
    const headers = await signWebhook(secret, 'msg_1', new Date(0), body);
    const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64'))
      .update(`msg_1.0.${body}`)
      .digest('base64');
    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });
});
