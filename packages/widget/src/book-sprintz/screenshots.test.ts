/**
 * Not assertions: pictures of every step at desktop and phone widths, written to
 * tests/artifacts/widget/ for a human to look at (and for review of visual changes).
 */
import { waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi, ID, STAFF, YOGA } from '../../test/fake-api.ts';
import { FakeStripe } from '../../test/fake-stripe.ts';
import {
  $,
  byTestId,
  click,
  fill,
  find,
  mount,
  press,
  screenshot,
  setViewport,
  toTimeStep,
  type,
  waitForStep,
} from '../../test/helpers.ts';
import type { BookSprintz } from './book-sprintz.ts';

let api: FakeApi;
let stripe: FakeStripe;
beforeEach(() => {
  api = new FakeApi(now).install();
  stripe = new FakeStripe().install();
});
afterEach(async () => {
  api.uninstall();
  stripe.uninstall();
  await setViewport(800, 600);
});

const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

for (const width of [1280, 375]) {
  const wrapper =
    width > 600
      ? '<div style="max-width: 860px; margin: 32px auto; font-family: system-ui"><slot></slot></div>'
      : '<div style="padding: 8px"><slot></slot></div>';
  const snap = async (name: string) => {
    await settle();
    await screenshot(`${width}-${name}`);
  };

  describe(`screenshots at ${width} px`, () => {
    beforeEach(async () => {
      await setViewport(width, 900);
    });

    it('every step of a booking', async () => {
      let open = () => {};
      api.gate = new Promise((resolve) => {
        open = resolve;
      });
      const el = await mount({}, wrapper);
      await waitUntil(() => $(el, '.skeleton'));
      await snap('0-loading');
      open();
      await waitForStep(el, 'service');
      await snap('1-service');
      await click(el, 'service-haircut');
      await waitForStep(el, 'staff');
      await snap('2-staff');
      await click(el, 'staff-any');
      await waitForStep(el, 'time');
      await find(el, 'slot-09:00');
      await snap('3-time');
      await click(el, 'slot-09:00');
      await waitForStep(el, 'details');
      await snap('4-details');
      await click(el, 'book-now');
      await snap('5-details-errors');
      fill(el, { name: 'Jo Doe', email: 'jo@example.com', phone: '+1 555 555 0123' });
      await click(el, 'book-now');
      await find(el, 'confirmation');
      await snap('6-confirmation');
    });

    it('two zones, a taken slot, dark, Spanish', async () => {
      const el = await mount({ timezone: 'Europe/Paris' }, wrapper);
      const day = await toTimeStep(el);
      const first = $(el, '[part="slot"]')!;
      api.taken.add(
        Date.parse(
          api.availability(
            new URLSearchParams({ service_id: ID.haircut, date: day, timezone: 'Europe/Paris' }),
          ).days[0]!.slots[0]!.start_time,
        ),
      );
      first.click();
      await find(el, 'error');
      await snap('7-time-two-zones-taken');

      const dark = await mount(
        { theme: 'dark', locale: 'es', service: 'color', staff: 'any' },
        `<div style="background:#0b1020;padding:8px">${wrapper}</div>`,
      );
      await find(dark, 'slot-09:30');
      await snap('8-dark-es');
    });

    it('deposit: to pay, declined, paid', async () => {
      api.pendingPolls = 0;
      const el = await mount({}, wrapper);
      await toTimeStep(el, 'color');
      await click(el, 'slot-09:00');
      await waitForStep(el, 'details');
      fill(el, { name: 'Jo Doe', email: 'jo@example.com' });
      await click(el, 'book-now');
      await find(el, 'fake-payment-element');
      await snap('10-deposit');
      stripe.decline();
      await click(el, 'pay-deposit');
      await find(el, 'error');
      await snap('11-deposit-declined');
      await click(el, 'pay-deposit');
      await waitUntil(() => byTestId(el, 'confirmation'), 'never confirmed', { timeout: 8000 });
      await snap('12-deposit-confirmation');
    });

    it('issue 20: one person, a class, slow times, a lapsed hold, a page not allowed', async () => {
      api.staff = [api.staff[1]!];
      api.services.push(YOGA);
      const el = await mount({}, wrapper);
      await click(el, 'service-yoga');
      await waitForStep(el, 'time');
      await find(el, 'slot-10:00');
      await snap('20-class-spots-no-staff-step');
      el.remove();

      api.staff = structuredClone(STAFF);
      const slow = await mount({ service: 'haircut' }, wrapper);
      await waitForStep(slow, 'staff');
      api.latency = 60_000;
      await click(slow, 'staff-any');
      await find(slow, 'slots-loading');
      await snap('21-times-loading');
      slow.remove();
      api.latency = 0;

      api.holdMs = 300;
      const lapsed = await mount({}, wrapper);
      await toTimeStep(lapsed);
      await click(lapsed, 'slot-09:00');
      await find(lapsed, 'hold-lapsed');
      fill(lapsed, { name: 'Jo Doe', email: 'jo@example.com' });
      await snap('22-hold-lapsed');
      await click(lapsed, 'book-now');
      await find(lapsed, 'confirmation');
      await snap('23-confirmation-price-address-calendars');
      lapsed.remove();

      api.profile.origin_allowed = false;
      const refused = await mount({}, wrapper);
      await find(refused, 'error');
      await snap('24-page-not-allowed');
    });

    it('the zone picker: open, searched, in French', async () => {
      api.profile.timezone = 'Europe/Paris';
      const el = await mount({}, wrapper);
      await toTimeStep(el);
      const picker = byTestId(el, 'timezone-select') as HTMLInputElement;
      picker.focus();
      await press('ArrowDown');
      await waitUntil(() => $(el, '#zones'));
      await press('ArrowDown');
      await snap('25-zone-picker-open');
      await type('kolkata');
      await waitUntil(() => $(el, '#zones [data-zone="Asia/Kolkata"]'));
      await snap('26-zone-picker-search');
      await press('Enter');
      await waitUntil(() => picker.dataset.zone === 'Asia/Kolkata');
      await find(el, 'timezone-note');
      await snap('27-zone-picked');
      el.remove();
      const fr = await mount({ locale: 'fr' }, wrapper);
      await toTimeStep(fr);
      (byTestId(fr, 'timezone-select') as HTMLInputElement).focus();
      await type('new');
      await waitUntil(() => $(fr, '#zones'));
      await snap('28-zone-picker-fr');
    });

    it('popup', async () => {
      const el: BookSprintz = await mount({ mode: 'popup' }, wrapper);
      byTestId(el, 'open-button')!.click();
      await waitForStep(el, 'service');
      await snap('9-popup');
    });
  });
}
