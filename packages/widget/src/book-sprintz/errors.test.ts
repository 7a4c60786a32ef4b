import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi, zonedTime } from '../../test/fake-api.ts';
import {
  $,
  active,
  byTestId,
  click,
  fill,
  find,
  mount,
  selectedDay,
  toDetailsStep,
  toTimeStep,
  waitForStep,
} from '../../test/helpers.ts';
import type { BookSprintzErrorEvent } from '../events/index.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

const errorText = (el: HTMLElement & { shadowRoot: ShadowRoot | null }) =>
  el.shadowRoot!.querySelector('[data-testid="error"]')?.textContent ?? '';

describe('<book-sprintz> errors', () => {
  it('a slot taken before the hold: says so, refreshes the day, lets the customer choose again', async () => {
    const el = await mount();
    const day = await toTimeStep(el);
    // Someone else books 09:00 after the widget loaded the month.
    api.taken.add(zonedTime(day, 9 * 60, 'America/New_York'));
    const before = api.requestsTo('GET', /^\/availability/).length;
    const error = oneEvent(el, 'book-sprintz:error') as Promise<BookSprintzErrorEvent>;
    await click(el, 'slot-09:00');
    expect((await error).detail.code).to.equal('slot_unavailable');
    const alert = await find(el, 'error');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent).to.contain('that time was just taken');
    expect(byTestId(el, 'retry')).to.equal(null);
    await waitUntil(() => api.requestsTo('GET', /^\/availability/).length === before + 1);
    const refresh = api.requestsTo('GET', /^\/availability/).at(-1)!.url.searchParams;
    expect([refresh.get('start_date'), refresh.get('end_date')]).to.deep.equal([day, day]);
    await waitUntil(() => byTestId(el, 'slot-09:00') === null, 'the taken slot is still listed');
    await click(el, 'slot-09:30');
    await waitForStep(el, 'details');
    expect(byTestId(el, 'error')).to.equal(null);
  });

  it('a slot taken while typing: back to the times with the day refreshed', async () => {
    const el = await mount();
    await toDetailsStep(el, '09:30');
    api.failNext('POST', /^\/appointments$/, 409, { code: 'slot_unavailable' });
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await waitForStep(el, 'time');
    expect(errorText(el)).to.contain('that time was just taken');
    await find(el, 'slot-10:00');
  });

  it('an expired hold: back to the times, with its own message', async () => {
    const el = await mount();
    await toDetailsStep(el);
    api.failNext('POST', /^\/appointments$/, 409, { code: 'hold_expired' });
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await waitForStep(el, 'time');
    expect(errorText(el)).to.contain('reserved time ran out');
  });

  it('validates fields before sending, and marks each one', async () => {
    const el = await mount();
    await toDetailsStep(el);
    fill(el, { name: '', email: 'not-an-email', phone: 'abc' });
    await click(el, 'book-now');
    await el.updateComplete;
    expect(api.requestsTo('POST', /^\/appointments$/)).to.have.length(0);
    const name = $(el, '[name="name"]')!;
    expect(name.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, `#${name.getAttribute('aria-describedby')}`)!.textContent).to.equal(
      'Please fill in this field.',
    );
    const email = $(el, '[name="email"]')!;
    expect($(el, `#${email.getAttribute('aria-describedby')}`)!.textContent).to.contain(
      'valid email',
    );
    expect($(el, '#error-phone')!.textContent).to.contain('valid phone');
    expect($(el, '[name="notes"]')!.getAttribute('aria-invalid')).to.equal('false');
    // Focus goes to the first field to fix.
    expect(active(el)).to.equal(name);
  });

  it('shows the server’s field errors per field', async () => {
    const el = await mount();
    await toDetailsStep(el);
    api.failNext('POST', /^\/appointments$/, 400, {
      code: 'validation_failed',
      errors: [{ path: 'customer.phone', message: 'invalid phone' }],
    });
    fill(el, { name: 'Jo', email: 'jo@example.com', phone: '+15555550123' });
    await click(el, 'book-now');
    await find(el, 'error');
    expect(errorText(el)).to.contain('check the highlighted fields');
    expect($(el, '[name="phone"]')!.getAttribute('aria-invalid')).to.equal('true');
    expect($(el, '[name="email"]')!.getAttribute('aria-invalid')).to.equal('false');
    expect(active(el)).to.equal($(el, '[name="phone"]'));
  });

  it('a network failure while loading: a message and a working retry', async () => {
    api.failNextWithNetworkError('GET', /^\/$/);
    const el = await mount();
    const alert = await find(el, 'error');
    expect(alert.textContent).to.contain('couldn’t reach the booking service');
    await click(el, 'retry');
    await waitForStep(el, 'service');
    expect(byTestId(el, 'error')).to.equal(null);
  });

  it('a network failure while booking: retry sends the same idempotency key', async () => {
    const el = await mount();
    await toDetailsStep(el);
    api.failNextWithNetworkError('POST', /^\/appointments$/);
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'retry');
    await click(el, 'retry');
    await find(el, 'confirmation');
    const [first, second] = api.requestsTo('POST', /^\/appointments$/);
    expect(first!.headers.get('Idempotency-Key')).to.equal(second!.headers.get('Idempotency-Key'));
  });

  it('a failed month load can be retried', async () => {
    // Twice: the month asked for beside the business is asked for again once before
    // failing the step (it may have named the service by a slug the API read otherwise).
    api.failNext('GET', /^\/availability/, 503, { code: 'service_unavailable' });
    api.failNext('GET', /^\/availability/, 503, { code: 'service_unavailable' });
    const el = await mount({ service: 'haircut', staff: 'any' });
    await find(el, 'error');
    expect(errorText(el)).to.contain('temporarily unavailable');
    await click(el, 'retry');
    await selectedDay(el);
  });

  it('rate limiting and unknown tenants get their own messages', async () => {
    api.failNext('GET', /^\/$/, 404, { code: 'not_found' });
    const missing = await mount();
    await find(missing, 'error');
    expect(errorText(missing)).to.contain('can’t be found');

    const el = await mount();
    await toTimeStep(el);
    api.failNext('POST', /^\/holds$/, 429, { code: 'rate_limited' });
    await click(el, 'slot-09:00');
    await find(el, 'error');
    expect(errorText(el)).to.contain('Too many attempts');
    await click(el, 'retry');
    await waitForStep(el, 'details');
  });

  it('a site not allowed by the business: a clear message, no pointless retry', async () => {
    const el = await mount();
    await toDetailsStep(el);
    api.failNext('POST', /^\/appointments$/, 403, { code: 'origin_not_allowed' });
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'error');
    expect(errorText(el)).to.contain('This website can’t take bookings for Demo Salon');
    expect(byTestId(el, 'retry')).to.equal(null);
  });

  it('a page the business has not allowed: the truth for the visitor, the fix for the owner', async () => {
    // What the browser lets through: the profile (readable anywhere, saying this page may
    // not book, without the lists), and a CORS refusal of everything else, which fetch
    // sees as a network error (the fake does both).
    api.profile.origin_allowed = false;
    const logged: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      const el = await mount();
      await find(el, 'error');
      expect(errorText(el)).to.contain('This website can’t take bookings for Demo Salon');
      expect(errorText(el)).not.to.contain('connection');
      expect(byTestId(el, 'retry')).to.equal(null);
      expect(logged.join()).to.contain(
        `Add ${location.hostname} to the business’s allowed domains`,
      );
      // Nothing asked after the profile said so.
      expect(api.requests.map((r) => r.path)).to.deep.equal(['/']);
    } finally {
      console.error = original;
    }
  });

  it('a missing tenant attribute: a generic message, the reason in the console', async () => {
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(' '));
    try {
      const el = await mount({ tenant: '' });
      await find(el, 'error');
      expect(errorText(el)).to.contain('Something went wrong');
      expect(byTestId(el, 'retry')).to.equal(null);
      expect(logged.join()).to.contain('tenant attribute is required');
      expect(api.requests).to.have.length(0);
    } finally {
      console.error = original;
    }
  });
});
