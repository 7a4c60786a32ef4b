import { expect, waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi, ID, zonedTime } from '../../test/fake-api.ts';
import {
  $,
  byTestId,
  click,
  fill,
  find,
  mount,
  press,
  selectedDay,
  toDetailsStep,
  toTimeStep,
  type,
  waitForStep,
} from '../../test/helpers.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

const hhmm = (ms: number, zone: string) =>
  new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);

describe('<book-sprintz> time zones', () => {
  it('shows times in the visitor’s zone, and the business’s zone beside them', async () => {
    const el = await mount({ timezone: 'Europe/London' });
    const day = await toTimeStep(el);
    expect(api.requestsTo('GET', /^\/availability/)[0]!.url.searchParams.get('timezone')).to.equal(
      'Europe/London',
    );
    const nine = zonedTime(day, 9 * 60, 'America/New_York');
    const slot = await find(el, `slot-${hhmm(nine, 'Europe/London')}`);
    expect(slot.textContent).to.contain('9:00 AM'); // the business's time, under the visitor's
    const note = byTestId(el, 'timezone-note')!.textContent!;
    expect(note)
      .to.match(/Times are shown in .*London/)
      .and.match(/business is in .*New York/);
    const picker = byTestId(el, 'timezone-select') as HTMLInputElement;
    expect(picker.dataset.zone).to.equal('Europe/London');
    expect(picker.value).to.equal('United Kingdom Time — London');
  });

  it('one clock format per locale: the business’s time beside a slot reads like the slot', async () => {
    const el = await mount({ timezone: 'Asia/Tokyo', locale: 'fr' });
    await toTimeStep(el);
    const slot = await find(el, 'slot-22:00');
    const business = slot.querySelector('.hint')!.textContent!.trim();
    const own = slot.textContent!.replace(business, '').trim();
    // 22:00 in Tokyo is 09:00 in New York: both 24-hour with two-digit hours, and the
    // business's zone by a name people know, not "UTC-4".
    expect(own).to.equal('22:00');
    expect(business).to.match(/^09:00 heure : New York/);
    expect(business).not.to.contain('UTC');
  });

  it('shows one zone when the visitor is in the business’s zone', async () => {
    const el = await mount();
    await toTimeStep(el);
    expect(byTestId(el, 'timezone-note')!.textContent).to.not.contain('business is in');
    expect($(el, '.slot-alt')).to.equal(null);
  });

  it('the zone picker re-reads the month in the new zone and books in it', async () => {
    const el = await mount();
    await toTimeStep(el);
    const picker = byTestId(el, 'timezone-select') as HTMLInputElement;
    expect(picker.dataset.zone).to.equal('America/New_York');
    // With the keyboard, as a visitor would: focus, type, pick the first match.
    picker.focus();
    await type('tokyo');
    await waitUntil(() => $(el, '#zones [data-zone="Asia/Tokyo"]'), 'Tokyo never offered');
    await press('Enter');
    await waitUntil(
      () =>
        api
          .requestsTo('GET', /^\/availability/)
          .at(-1)!
          .url.searchParams.get('timezone') === 'Asia/Tokyo',
    );
    const day = await selectedDay(el);
    // 09:00 in New York is 23:00 in Tokyo, on the same Tokyo date as the first slots.
    const nine = zonedTime(day, 9 * 60, 'America/New_York');
    const first = await find(el, `slot-${hhmm(nine, 'Asia/Tokyo')}`).catch(() => undefined);
    const slotId = first?.dataset.testid ?? $(el, '[part="slot"]')!.dataset.testid!;
    await click(el, slotId);
    await waitForStep(el, 'details');
    expect($(el, '.summary')!.textContent)
      .to.match(/Tokyo/)
      .and.match(/New York/);
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    expect(api.requestsTo('POST', /^\/appointments$/)[0]!.body).to.include({
      timezone: 'Asia/Tokyo',
    });
  });
});

describe('<book-sprintz> live slots', () => {
  it('watches the shown day of the chosen staff member and drops a slot someone takes', async () => {
    const el = await mount({ service: 'haircut', staff: ID.alex });
    const day = await selectedDay(el);
    await waitUntil(() => api.sockets.length === 1);
    const socket = api.sockets[0]!;
    const url = new URL(socket.url);
    expect(url.protocol).to.equal('wss:');
    expect(url.pathname).to.equal('/api/booking/v1/demo/live');
    expect(url.searchParams.get('staff_id')).to.equal(ID.alex);
    expect(url.searchParams.get('date')).to.equal(day);
    await find(el, 'slot-10:00');
    const start = zonedTime(day, 10 * 60, 'America/New_York');
    socket.emit({
      type: 'taken',
      staff_id: ID.alex,
      start_time: new Date(start).toISOString(),
      end_time: new Date(start + 30 * 60_000).toISOString(),
    });
    await el.updateComplete;
    expect(byTestId(el, 'slot-10:00')).to.equal(null);
    expect(byTestId(el, 'slot-09:30')).to.exist;
    expect(byTestId(el, 'slot-10:30')).to.exist;
  });

  it('re-reads the day when a slot is freed', async () => {
    const el = await mount({ service: 'haircut', staff: ID.alex });
    await selectedDay(el);
    await waitUntil(() => api.sockets.length === 1);
    const before = api.requestsTo('GET', /^\/availability/).length;
    api.sockets[0]!.emit({
      type: 'freed',
      staff_id: ID.alex,
      start_time: '2030-01-01T10:00:00Z',
      end_time: '2030-01-01T10:30:00Z',
    });
    await waitUntil(() => api.requestsTo('GET', /^\/availability/).length === before + 1);
  });

  it('closes the feed once a slot is held', async () => {
    const el = await mount();
    await toDetailsStep(el);
    expect(api.sockets.every((s) => s.closed)).to.equal(true);
  });

  it('works without the feed when the socket cannot connect', async () => {
    api.socketsFail = true;
    const el = await mount();
    await toTimeStep(el);
    await waitUntil(() => api.sockets.length >= 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(api.sockets).to.have.length(1);
    await click(el, 'slot-09:00');
    await waitForStep(el, 'details');
    expect(byTestId(el, 'error')).to.equal(null);
  });

  it('opens a new feed for another day', async () => {
    const el = await mount({ service: 'haircut', staff: ID.alex });
    await selectedDay(el);
    await waitUntil(() => api.sockets.length === 1);
    const next = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.day.open:not(.selected)')][0]!;
    next.click();
    await waitUntil(() => api.sockets.length === 2);
    expect(api.sockets[0]!.closed).to.equal(true);
    expect(new URL(api.sockets[1]!.url).searchParams.get('date')).to.equal(next.dataset.date);
  });
});
