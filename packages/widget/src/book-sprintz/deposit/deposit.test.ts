import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { now } from '../../../test/clock.ts';
import { FakeApi, ID } from '../../../test/fake-api.ts';
import { FakeStripe, stripeJsLoads, stripeScripts } from '../../../test/fake-stripe.ts';
import {
  $,
  active,
  bookWithKeyboard,
  byTestId,
  click,
  fill,
  find,
  mount,
  press,
  selectedDay,
  step,
  tabTo,
  testIdIs,
  toTimeStep,
  type,
  waitForStep,
} from '../../../test/helpers.ts';
import type { BookedEvent, BookSprintzErrorEvent } from '../../events/index.ts';
import en from '../../i18n/en.ts';
import es from '../../i18n/es.ts';
import fr from '../../i18n/fr.ts';
import type { BookSprintz } from '../book-sprintz.ts';

let api: FakeApi;
let stripe: FakeStripe;
beforeEach(() => {
  api = new FakeApi(now).install();
  stripe = new FakeStripe().install();
});
afterEach(async () => {
  api.uninstall();
  stripe.uninstall();
  await stripeJsLoads({ fail: false });
});

/** Polls come every 1.5 s: a confirmation takes a few seconds. */
const slow = { timeout: 8000 };

/** The Colour service (a $30 deposit on $120) booked at 09:00: its deposit step, ready to pay. */
async function toDepositStep(el: BookSprintz): Promise<void> {
  await toTimeStep(el, 'color');
  await click(el, 'slot-09:00');
  await waitForStep(el, 'details');
  fill(el, { name: 'Jo Doe', email: 'jo@example.com' });
  await click(el, 'book-now');
  await waitForStep(el, 'deposit');
  await find(el, 'fake-payment-element');
  await el.updateComplete;
}

const text = (el: BookSprintz, id: string) => byTestId(el, id)?.textContent?.replace(/\s+/g, ' ');
const polls = () => api.requestsTo('GET', new RegExp(`^/appointments/${ID.appointment}$`));

describe('<book-sprintz> deposit step', () => {
  it('shows the deposit, the balance and the time left, with focus on its heading', async () => {
    const el = await mount();
    await toTimeStep(el, 'color');
    await click(el, 'slot-09:00');
    await waitForStep(el, 'details');
    expect(text(el, 'book-now')).to.contain('Continue to payment');
    expect($(el, '.step-head .hint')!.textContent).to.equal('4/5');
    fill(el, { name: 'Jo Doe', email: 'jo@example.com' });
    await click(el, 'book-now');
    await waitForStep(el, 'deposit');
    await find(el, 'fake-payment-element');

    expect($(el, '#step-title')!.textContent).to.equal('Pay the deposit');
    expect(active(el)?.id).to.equal('step-title');
    expect($(el, '.step-head .hint')!.textContent).to.equal('5/5');
    // The appointment exists (pending): there is no going back to change it here.
    expect(byTestId(el, 'back')).to.equal(null);
    expect(text(el, 'deposit-amount')).to.contain('Deposit due now: $30.00');
    expect(text(el, 'balance-due')).to.contain('Balance due at your appointment: $90.00');
    expect(text(el, 'deposit-time-left')).to.match(/Time left to pay: (10:00|9:5\d)/);
    expect($(el, '[data-testid="deposit"] .summary')!.textContent).to.contain('Colour');
    expect(text(el, 'pay-deposit')).to.contain('Pay $30.00');
    expect(byTestId(el, 'pay-deposit')!.localName).to.equal('button');

    expect(stripe.instances).to.deep.equal([{ key: 'pk_test', options: {} }]);
    expect(stripe.elements[0]).to.include({ clientSecret: 'pi_secret', locale: 'en' });
    // Mounted by reference inside the shadow root.
    expect(
      byTestId(el, 'payment-element')!.contains(byTestId(el, 'fake-payment-element')),
    ).to.equal(true);
    expect(api.requestsTo('POST', /^\/appointments$/)).to.have.length(1);
  });

  it('a business on Stripe Connect: Stripe.js acts for its account', async () => {
    api.stripeAccountId = 'acct_123';
    const el = await mount();
    await toDepositStep(el);
    expect(stripe.instances).to.deep.equal([
      { key: 'pk_test', options: { stripeAccount: 'acct_123' } },
    ]);
  });

  it('loads Stripe.js at the deposit step, and never before', async () => {
    const before = await stripeJsLoads();
    const notYet = async () => {
      expect(stripeScripts(), `a Stripe.js tag at the ${step(el)} step`).to.have.length(0);
      expect('Stripe' in window).to.equal(false);
      expect(await stripeJsLoads()).to.equal(before);
    };
    // A booking without a deposit never loads it.
    const el = await mount();
    await toTimeStep(el, 'haircut');
    await click(el, 'slot-09:00');
    await waitForStep(el, 'details');
    fill(el, { name: 'Jo Doe', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    await notYet();

    await click(el, 'book-another');
    await waitForStep(el, 'service');
    await notYet();
    await click(el, 'service-color');
    await waitForStep(el, 'staff');
    await notYet();
    await click(el, 'staff-any');
    await selectedDay(el);
    await notYet();
    await click(el, 'slot-09:30');
    await waitForStep(el, 'details');
    await notYet();
    fill(el, { name: 'Jo Doe', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'fake-payment-element');
    expect(stripeScripts()).to.have.length(1);
    expect(stripeScripts()[0]!.src).to.equal('https://js.stripe.com/v3/');
    expect(await stripeJsLoads()).to.equal(before + 1);
  });

  it('pays: says so while the booking is confirmed, then the confirmation and `booked`', async () => {
    const log: string[] = [];
    const record = (event: Event) => log.push(event.type);
    document.addEventListener('book-sprintz:booked', record);
    const el = await mount();
    await toDepositStep(el);
    expect(log, 'booked before paying').to.deep.equal([]);
    expect(polls()).to.have.length(0);

    let release = () => {};
    stripe.gate = new Promise((resolve) => {
      release = resolve;
    });
    const booked = oneEvent(el, 'book-sprintz:booked') as Promise<BookedEvent>;
    await click(el, 'pay-deposit');
    expect(text(el, 'pay-deposit')).to.contain('Paying…');
    expect(byTestId(el, 'pay-deposit')!.getAttribute('aria-disabled')).to.equal('true');
    // A second press while paying does nothing.
    await click(el, 'pay-deposit');
    expect(stripe.confirms).to.have.length(1);
    expect(stripe.confirms[0]).to.include({ redirect: 'if_required' });
    expect(stripe.confirms[0]!.confirmParams.return_url).to.equal(location.href);
    expect(stripe.confirms[0]!.elements).to.exist;
    release();

    const status = byTestId(el, 'payment-status')!;
    expect(status.getAttribute('role')).to.equal('status');
    await waitUntil(() => status.textContent?.includes('Payment received — confirming…'));
    expect(byTestId(el, 'deposit-time-left'), 'a countdown once paid').to.equal(null);
    await waitUntil(() => byTestId(el, 'confirmation'), 'never confirmed', slow);
    document.removeEventListener('book-sprintz:booked', record);

    const detail = (await booked).detail;
    expect(detail.appointment.status).to.equal('confirmed');
    expect(detail.appointment.deposit_paid_cents).to.equal(3000);
    expect(log).to.deep.equal(['book-sprintz:booked']);
    // Asked with the manage token until the webhook had confirmed it (second look).
    expect(polls()).to.have.length(2);
    for (const poll of polls()) expect(poll.url.searchParams.get('token')).to.equal('tok');

    expect($(el, '#step-title')!.textContent).to.equal('You’re booked!');
    expect(active(el)?.id).to.equal('step-title');
    expect(text(el, 'confirmation-code')).to.equal('K7M2Q9XD');
    expect(text(el, 'deposit-paid')).to.contain('Deposit paid: $30.00');
    expect(text(el, 'balance-due')).to.contain('Balance due at your appointment: $90.00');
    expect(byTestId(el, 'payment-required')).to.equal(null);
    expect(stripe.destroyed).to.equal(1);
  });

  it('a declined card: a translated message with Stripe’s reason, and paying again works', async () => {
    const el = await mount({ locale: 'es' });
    await toDepositStep(el);
    expect(stripe.elements[0]).to.include({ locale: 'es' });
    stripe.decline('Tu tarjeta fue rechazada.');
    const error = oneEvent(el, 'book-sprintz:error') as Promise<BookSprintzErrorEvent>;
    await click(el, 'pay-deposit');
    const alert = await find(el, 'error');
    expect(alert.getAttribute('role')).to.equal('alert');
    expect(alert.textContent)
      .to.contain(es.errors.payment_failed)
      .and.contain('Tu tarjeta fue rechazada.');
    expect((await error).detail).to.deep.include({ code: 'payment_failed' });
    // Still on the step, the form still there, Pay ready again; no "try again" to hunt for.
    expect(step(el)).to.equal('deposit');
    expect(byTestId(el, 'retry')).to.equal(null);
    expect(byTestId(el, 'fake-payment-element')).to.exist;
    const pay = byTestId(el, 'pay-deposit')!;
    expect(pay.getAttribute('aria-disabled')).to.equal('false');
    expect(pay.textContent).to.contain('Pagar');
    expect(polls()).to.have.length(0);

    api.pendingPolls = 0;
    await click(el, 'pay-deposit');
    await waitUntil(() => byTestId(el, 'confirmation'), 'never confirmed', slow);
    expect(byTestId(el, 'error')).to.equal(null);
    expect(stripe.confirms).to.have.length(2);
  });

  it('the hold runs out before paying: back to the times, told why', async () => {
    api.depositHoldMs = 2500;
    const el = await mount();
    await toDepositStep(el);
    expect(text(el, 'deposit-time-left')).to.match(/Time left to pay: 0:0[123]/);
    const availability = api.requestsTo('GET', /^\/availability/).length;
    await waitForStep(el, 'time');
    expect(text(el, 'error')).to.contain(en.errors.hold_expired);
    expect(active(el)?.id).to.equal('step-title');
    expect(stripe.destroyed).to.equal(1);
    expect(stripe.confirms).to.have.length(0);
    // The day is read again, and another time can be booked with the details kept.
    await waitUntil(() => api.requestsTo('GET', /^\/availability/).length > availability);
    api.depositHoldMs = 10 * 60_000;
    await click(el, 'slot-10:00');
    await waitForStep(el, 'details');
    expect(($(el, '[name="email"]') as HTMLInputElement).value).to.equal('jo@example.com');
    await click(el, 'book-now');
    await waitForStep(el, 'deposit');
  });

  it('a payment that came after the hold ran out: refunded, back to the times', async () => {
    api.depositOutcome = 'cancelled';
    api.pendingPolls = 0;
    const el = await mount();
    await toDepositStep(el);
    await click(el, 'pay-deposit');
    await waitUntil(() => step(el) === 'time', 'still on the deposit step', slow);
    expect(text(el, 'error')).to.contain(en.errors.payment_late);
    expect(byTestId(el, 'confirmation')).to.equal(null);
  });

  it('Stripe.js does not load: a clear message, and trying again loads it', async () => {
    await stripeJsLoads({ fail: true });
    const el = await mount();
    await toTimeStep(el, 'color');
    await click(el, 'slot-09:00');
    await waitForStep(el, 'details');
    fill(el, { name: 'Jo Doe', email: 'jo@example.com' });
    await click(el, 'book-now');
    await waitForStep(el, 'deposit');
    const alert = await find(el, 'error');
    expect(alert.textContent).to.contain(en.errors.payment_unavailable);
    expect(byTestId(el, 'pay-deposit')!.getAttribute('aria-disabled')).to.equal('true');
    expect(stripeScripts(), 'the failed tag is left behind').to.have.length(0);
    await click(el, 'pay-deposit');
    expect(stripe.confirms).to.have.length(0);

    await stripeJsLoads({ fail: false });
    await click(el, 'retry');
    await find(el, 'fake-payment-element');
    expect(byTestId(el, 'error')).to.equal(null);
    expect(stripeScripts()).to.have.length(1);
    expect(byTestId(el, 'pay-deposit')!.getAttribute('aria-disabled')).to.equal('false');
  });

  it('reads in every language, no placeholders left', async () => {
    for (const [locale, t] of Object.entries({ en, es, fr })) {
      const el = await mount({ locale });
      await toDepositStep(el);
      const shown = el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
      expect(shown).to.not.match(/\{\w+\}/);
      expect($(el, '#step-title')!.textContent).to.equal(t.steps.deposit);
      expect(text(el, 'deposit-amount')).to.contain(t.deposit.dueNow.split('{')[0]!.trim());
      expect(stripe.elements.at(-1)).to.include({ locale });
      stripe.uninstall();
      stripe = new FakeStripe().install();
      api.taken.clear();
    }
  });
});

describe('<book-sprintz> deposit step accessibility', () => {
  it('is accessible (axe) ready to pay, confirming, and with an error', async () => {
    const el = await mount();
    await toDepositStep(el);
    await expect(el).to.be.accessible();
    stripe.decline();
    await click(el, 'pay-deposit');
    await find(el, 'error');
    await expect(el).to.be.accessible();
    stripe.gate = new Promise(() => {});
    await click(el, 'pay-deposit');
    await expect(el).to.be.accessible();
  });

  it('books and pays from service to confirmation with the keyboard only', async () => {
    api.pendingPolls = 0;
    const el = await mount();
    await bookWithKeyboard(el, 'color');
    await waitForStep(el, 'deposit');
    await find(el, 'fake-payment-element');
    expect(active(el)?.id).to.equal('step-title');
    // Through Stripe's form (here a field) to Pay.
    await tabTo(el, (f) => f?.getAttribute('name') === 'card');
    await type('4242424242424242');
    await tabTo(el, testIdIs('pay-deposit'));
    await press('Enter');
    await waitUntil(() => byTestId(el, 'confirmation'), 'never confirmed', slow);
    expect(stripe.confirms).to.have.length(1);
    expect(active(el)?.id).to.equal('step-title');
    await tabTo(el, testIdIs('add-to-calendar'));
  });
});
