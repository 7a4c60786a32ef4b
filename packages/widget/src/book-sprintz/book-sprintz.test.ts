import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi, holdId, ID, YOGA } from '../../test/fake-api.ts';
import {
  $,
  $$,
  byTestId,
  click,
  fill,
  find,
  mount,
  selectedDay,
  step,
  toDetailsStep,
  toTimeStep,
  waitForStep,
} from '../../test/helpers.ts';
import type {
  BookedEvent,
  ReadyEvent,
  ServiceSelectedEvent,
  SlotSelectedEvent,
} from '../events/index.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

describe('<book-sprintz> flow', () => {
  it('shows the business and its services, in display order', async () => {
    const el = await mount();
    await waitForStep(el, 'service');
    expect($(el, '[part="header"]')!.textContent).to.contain('Demo Salon');
    const services = $$(el, '[part="service"]').map((b) => b.dataset.testid);
    expect(services).to.deep.equal(['service-haircut', 'service-color', 'service-beard-trim']);
    expect(byTestId(el, 'service-haircut')!.textContent).to.contain('$35.00').and.contain('30 min');
    expect(byTestId(el, 'service-color')!.textContent).to.contain('Deposit required');
  });

  it('never sends cookies', async () => {
    const el = await mount();
    await waitForStep(el, 'service');
    expect(api.requests.length).to.be.greaterThan(0);
    for (const request of api.requests) expect(request.credentials).to.equal('omit');
  });

  it('goes service → staff → date and time → details → confirmation', async () => {
    const el = await mount();
    await click(el, 'service-haircut');
    await waitForStep(el, 'staff');
    expect(byTestId(el, 'staff-any')).to.exist;
    expect(byTestId(el, `staff-${ID.alex}`)).to.exist;
    expect(byTestId(el, `staff-${ID.sam}`)).to.exist;

    await click(el, `staff-${ID.sam}`);
    await waitForStep(el, 'time');
    const day = await selectedDay(el);
    const availability = api.requestsTo('GET', /^\/availability/).at(-1)!.url.searchParams;
    expect(availability.get('service_id')).to.equal(ID.haircut);
    expect(availability.get('staff_id')).to.equal(ID.sam);
    expect(availability.get('timezone')).to.equal('America/New_York');
    // Sam starts at noon.
    await find(el, 'slot-12:00');
    expect(byTestId(el, 'slot-09:00')).to.equal(null);
    expect(byTestId(el, `calendar-date-${day}`)!.getAttribute('aria-label')).to.match(
      /10 times available/,
    );

    await click(el, 'slot-12:00');
    await waitForStep(el, 'details');
    const hold = api.requestsTo('POST', /^\/holds$/)[0]!;
    expect(hold.body).to.include({ service_id: ID.haircut, staff_id: ID.sam });
    expect($(el, '.summary')!.textContent)
      .to.contain('Haircut')
      .and.contain('12:00 PM')
      .and.contain('Sam Chen');

    fill(el, {
      name: 'Jo Doe',
      email: 'jo@example.com',
      phone: '+1 555 555 0123',
      notes: 'First visit',
    });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    await waitForStep(el, 'done');
    expect(byTestId(el, 'confirmation-code')!.textContent).to.equal('K7M2Q9XD');
    expect(byTestId(el, 'add-to-calendar')!.getAttribute('href')).to.match(
      /calendar\.ics\?token=tok$/,
    );
    expect(byTestId(el, 'manage-link')!.getAttribute('href')).to.equal(
      `https://api.test/manage/${ID.appointment}?token=tok`,
    );

    const booking = api.requestsTo('POST', /^\/appointments$/)[0]!;
    expect(booking.body).to.deep.include({
      service_id: ID.haircut,
      staff_id: ID.sam,
      hold_id: holdId(1),
      notes: 'First visit',
      locale: 'en',
      timezone: 'America/New_York',
    });
    expect((booking.body as { customer: unknown }).customer).to.deep.equal({
      name: 'Jo Doe',
      email: 'jo@example.com',
      phone: '+1 555 555 0123',
    });
    expect(booking.headers.get('Idempotency-Key')).to.match(/^[0-9a-f]{32}$/);
  });

  it('books "any available" with the staff member the hold names', async () => {
    const el = await mount();
    await toDetailsStep(el, '09:00');
    expect(
      api
        .requestsTo('GET', /^\/availability/)
        .at(-1)!
        .url.searchParams.has('staff_id'),
    ).to.equal(false);
    expect(api.requestsTo('POST', /^\/holds$/)[0]!.body).to.not.have.property('staff_id');
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    expect(api.requestsTo('POST', /^\/appointments$/)[0]!.body).to.include({
      staff_id: ID.alex,
    });
  });

  it('only lists staff who perform the service', async () => {
    api.staff.push({ ...api.staff[1]!, id: ID.jo, name: 'Jo Park', slug: 'jo-park' });
    api.services[2]!.available_with_staff = [ID.alex, ID.jo];
    const el = await mount();
    await click(el, 'service-beard-trim');
    await waitForStep(el, 'staff');
    expect(byTestId(el, `staff-${ID.alex}`)).to.exist;
    expect(byTestId(el, `staff-${ID.jo}`)).to.exist;
    expect(byTestId(el, `staff-${ID.sam}`)).to.equal(null);
  });

  it('skips "Choose who you’d like to see" when one person does the service', async () => {
    const el = await mount();
    await click(el, 'service-beard-trim');
    await waitForStep(el, 'time');
    await el.updateComplete;
    expect($(el, '[aria-live="polite"].sr-only')!.textContent).to.equal(
      'Step 2 of 3: Pick a date and time',
    );
    const query = api.requestsTo('GET', /^\/availability/).at(-1)!.url.searchParams;
    expect(query.get('staff_id')).to.equal(ID.alex);
    // Back goes to the services, not to a choice of one; another service asks again.
    await click(el, 'back');
    await waitForStep(el, 'service');
    await click(el, 'service-haircut');
    await waitForStep(el, 'staff');
  });

  it('classes show the places left in each session, on the class’s own timetable', async () => {
    api.services.push(YOGA);
    api.booked.set(
      Date.parse(
        api
          .availability(
            new URLSearchParams({
              service_id: ID.yoga,
              start_date: '2026-05-01',
              end_date: '2026-06-30',
            }),
          )
          .days.find((d) => d.slots.length)!.slots[0]!.start_time,
      ),
      4,
    );
    const el = await mount();
    // Sam alone teaches it: no staff step.
    await click(el, 'service-yoga');
    await waitForStep(el, 'time');
    const day = await selectedDay(el);
    expect(new Date(`${day}T12:00:00Z`).getUTCDay()).to.equal(6);
    const slot = await find(el, 'slot-10:00');
    expect(slot.textContent).to.contain('8 spots left');
    expect($$(el, '[part="slot"]')).to.have.length(1);
  });

  it('says it is loading the times while availability is slow, not "pick a day"', async () => {
    const el = await mount();
    await click(el, 'service-haircut');
    api.latency = 1500;
    await click(el, 'staff-any');
    await waitForStep(el, 'time');
    const loading = await find(el, 'slots-loading');
    expect(loading.getAttribute('role')).to.equal('status');
    expect(loading.textContent).to.contain('Loading');
    expect($(el, '.slots')!.textContent).not.to.contain('Pick a day');
    api.latency = 0;
    await selectedDay(el);
    expect(byTestId(el, 'slots-loading')).to.equal(null);
  });

  it('the confirmation shows the price, the address and Google / Outlook links beside the .ics', async () => {
    const el = await mount();
    await toDetailsStep(el);
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    expect(byTestId(el, 'price')!.textContent).to.contain('Price: $35.00');
    expect($(el, '.summary')!.textContent).to.contain('Main Street, 12 Main St, Springfield');
    // The links the API made for this booking (it knows the event's title, place and times).
    expect(byTestId(el, 'add-to-google')!.getAttribute('href')).to.equal(
      `https://calendar.google.com/calendar/render?action=TEMPLATE&text=Appointment&details=${ID.appointment}`,
    );
    expect(byTestId(el, 'add-to-outlook')!.getAttribute('href')).to.equal(
      `https://outlook.live.com/calendar/0/deeplink/compose?subject=Appointment&body=${ID.appointment}`,
    );
    expect(byTestId(el, 'add-to-outlook')!.textContent).to.contain('Add to Outlook');
    expect(byTestId(el, 'add-to-calendar')).to.exist;
  });

  it('says when the hold ran out, and holds the time again before booking', async () => {
    api.holdMs = 1500;
    const el = await mount();
    await toDetailsStep(el);
    expect(byTestId(el, 'held-until')!.textContent).to.contain('We’re holding this time');
    await waitUntil(() => byTestId(el, 'hold-lapsed'), 'the lapse was never told', {
      timeout: 5000,
    });
    expect(byTestId(el, 'held-until')).to.equal(null);
    expect(byTestId(el, 'hold-lapsed')!.textContent).to.contain('ran out');
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    const holds = api.requestsTo('POST', /^\/holds$/);
    expect(holds).to.have.length(2);
    expect(api.requestsTo('POST', /^\/appointments$/)[0]!.body).to.include({ hold_id: holdId(2) });
  });

  it('a lapsed hold whose time was taken meanwhile: back to the times, told why', async () => {
    api.holdMs = 1500;
    const el = await mount();
    await toDetailsStep(el);
    await waitUntil(() => byTestId(el, 'hold-lapsed'), 'the lapse was never told', {
      timeout: 5000,
    });
    const held = api.requestsTo('POST', /^\/holds$/)[0]!.body as { start_time: string };
    api.taken.add(Date.parse(held.start_time));
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await waitForStep(el, 'time');
    expect(byTestId(el, 'error')!.textContent).to.contain('that time was just taken');
    expect(api.requestsTo('POST', /^\/appointments$/)).to.have.length(0);
  });

  it('skips the staff step for a business with one staff member', async () => {
    api.staff = [api.staff[0]!];
    const el = await mount();
    await click(el, 'service-haircut');
    await waitForStep(el, 'time');
    await click(el, 'slot-09:00');
    await waitForStep(el, 'details');
    expect($(el, '.summary')!.textContent).to.contain('with Alex Rivera');
  });

  it('goes back, releasing the hold', async () => {
    const el = await mount();
    await toDetailsStep(el);
    await click(el, 'back');
    await waitForStep(el, 'time');
    expect(api.released).to.deep.equal([holdId(1)]);
    await click(el, 'back');
    await waitForStep(el, 'staff');
    await click(el, 'back');
    await waitForStep(el, 'service');
    expect(byTestId(el, 'back')).to.equal(null);
  });

  it('releases the hold when the element is removed', async () => {
    const el = await mount();
    await toDetailsStep(el);
    el.remove();
    await waitUntil(() => api.released.length === 1);
    expect(api.released).to.deep.equal([holdId(1)]);
  });

  it('moves between months and loads each month once', async () => {
    const el = await mount();
    await toTimeStep(el);
    const title = $(el, '#month-title')!;
    const first = title.textContent;
    expect(title.getAttribute('aria-live')).to.equal('polite');
    await click(el, 'next-month');
    await waitUntil(() => title.textContent !== first);
    await click(el, 'prev-month');
    await waitUntil(() => title.textContent === first);
    const months = api
      .requestsTo('GET', /^\/availability/)
      .map((r) => r.url.searchParams.get('end_date'));
    expect(new Set(months).size).to.equal(months.length);
    // The current month is the earliest (the widget may have opened on the next one when
    // this month has no free time left).
    const prev = byTestId(el, 'prev-month')!;
    if (prev.getAttribute('aria-disabled') !== 'true') await click(el, 'prev-month');
    expect(prev.getAttribute('aria-disabled')).to.equal('true');
    const current = new Date(now()).toLocaleString('en-US', {
      month: 'long',
      timeZone: 'America/New_York',
    });
    expect(title.textContent).to.contain(current);
  });

  it('starts over with "book another"', async () => {
    const el = await mount({ 'prefill-name': 'Jo', 'prefill-email': 'jo@example.com' });
    await toDetailsStep(el);
    expect(($(el, '[name="name"]') as HTMLInputElement).value).to.equal('Jo');
    expect(($(el, '[name="email"]') as HTMLInputElement).value).to.equal('jo@example.com');
    await click(el, 'book-now');
    await click(el, 'book-another');
    await waitForStep(el, 'service');
  });

  it('passes utm attributes as booking metadata', async () => {
    const el = await mount({ 'utm-source': 'newsletter', 'utm-campaign': 'spring' });
    await toDetailsStep(el);
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    expect(api.requestsTo('POST', /^\/appointments$/)[0]!.body).to.deep.include({
      metadata: { utm_source: 'newsletter', utm_campaign: 'spring' },
    });
  });
});

describe('<book-sprintz> preselection', () => {
  it('skips the service step for `service` (slug)', async () => {
    const el = await mount({ service: 'haircut' });
    await waitForStep(el, 'staff');
    expect(byTestId(el, 'back')).to.equal(null);
    expect($(el, '.step-head .hint')!.textContent).to.equal('1/3');
  });

  it('skips service and staff for `service` (id) and `staff`, landing on the times', async () => {
    const el = await mount({ service: ID.haircut, staff: ID.alex });
    await waitForStep(el, 'time');
    await selectedDay(el);
    await find(el, 'slot-09:00');
    expect(api.requestsTo('GET', /^\/availability/)[0]!.url.searchParams.get('staff_id')).to.equal(
      ID.alex,
    );
  });

  it('with service and staff preselected, asks for the first month beside the business, once', async () => {
    let open!: () => void;
    api.gate = new Promise((resolve) => {
      open = resolve;
    });
    const el = await mount({ service: 'Haircut', staff: 'alex-rivera' });
    // The profile is held back: the month is asked for before the business is here.
    await waitUntil(
      () => api.requestsTo('GET', /^\/availability/).length === 1,
      'the month was not asked for beside the business',
    );
    const { searchParams } = api.requestsTo('GET', /^\/availability/)[0]!.url;
    expect(searchParams.get('service_id')).to.equal('haircut');
    expect(searchParams.get('staff_id')).to.equal('alex-rivera');
    expect(step(el)).to.equal(undefined);
    open();
    await selectedDay(el);
    await find(el, 'slot-09:00');
    expect(api.requestsTo('GET', /^\/availability/)).to.have.length(1);
  });

  it('draws the first slot at once when the business comes after its month (one drawing, not three)', async () => {
    let open!: () => void;
    api.gate = new Promise((resolve) => {
      open = resolve;
    });
    const el = await mount({ service: 'haircut', staff: 'any' });
    // The month is answered while the business is held back.
    await waitUntil(
      () => api.requestsTo('GET', /^\/availability/).length === 1 && api.answered === 1,
    );
    const drawings = countDrawings(el);
    open();
    await find(el, 'slot-09:00');
    expect(drawings()).to.equal(1);
  });

  it('draws the month and its first free day together when the month comes last', async () => {
    let open!: () => void;
    api.monthGate = new Promise((resolve) => {
      open = resolve;
    });
    const el = await mount({ service: 'haircut', staff: 'any' });
    await waitForStep(el, 'time');
    await find(el, 'slots-loading');
    const drawings = countDrawings(el);
    open();
    await find(el, 'slot-09:00');
    expect(drawings()).to.equal(1);
  });

  it('asks for the first month before making an Intl date formatter (Temporal gives zone and date)', async () => {
    // The first formatter loads Intl's locale data: tens of ms before any request could leave.
    const Real = Intl.DateTimeFormat;
    const made: number[] = [];
    // The widget's formatters only (the fake API's zod schemas check zones with Intl too).
    const count = () => {
      const callers = new Error().stack!.split('\n').slice(3).join('\n');
      if (/\/src\/book-sprintz\/(?!.*\.test\.ts)/.test(callers)) made.push(api.requests.length);
    };
    Intl.DateTimeFormat = new Proxy(Real, {
      construct: (target, args) => {
        count();
        return Reflect.construct(target, args);
      },
      apply: (target, self, args) => {
        count();
        return Reflect.apply(target, self, args);
      },
    });
    try {
      const el = await mount({ service: 'haircut', staff: 'any' });
      await selectedDay(el);
    } finally {
      Intl.DateTimeFormat = Real;
    }
    const month = api.requests.findIndex((r) => r.path === '/availability');
    expect(month).to.be.at.least(0);
    expect(made.every((requests) => requests > month)).to.equal(true);
  });

  it('an early answer for someone else than the chosen staff member is not shown', async () => {
    // The API takes the first of a slug in list order; the widget, the first who performs
    // the service: here Jo (not a beard trimmer) before Alex.
    api.staff = [{ ...api.staff[0]!, id: ID.jo, name: 'Jo Alex Rivera' }, ...api.staff];
    const el = await mount({ service: 'beard-trim', staff: 'alex-rivera' });
    await selectedDay(el);
    await find(el, 'slot-09:00');
    const asked = api.requestsTo('GET', /^\/availability/);
    expect(asked.map((r) => r.url.searchParams.get('staff_id'))).to.deep.equal([
      'alex-rivera',
      ID.alex,
    ]);
  });

  it('matches staff by the slug of their name, and `any`', async () => {
    const el = await mount({ service: 'haircut', staff: 'sam-chen' });
    await waitForStep(el, 'time');
    const any = await mount({ service: 'haircut', staff: 'any' });
    await waitForStep(any, 'time');
  });

  it('`location` (id or slug of the name) filters the times and goes with the booking', async () => {
    const el = await mount({ service: 'haircut', staff: 'any', location: 'main-street' });
    await selectedDay(el);
    // Asked for beside the business by the attribute's slug, or later by the id.
    const asked = api.requestsTo('GET', /^\/availability/);
    expect(asked.map((r) => r.url.searchParams.get('location_id'))).to.satisfy(
      (locations: string[]) =>
        locations.length > 0 && locations.every((l) => l === 'main-street' || l === ID.mainStreet),
    );
    await click(el, 'slot-09:00');
    await waitForStep(el, 'details');
    expect($(el, '.summary')!.textContent).to.contain('Main Street');
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    expect(api.requestsTo('POST', /^\/appointments$/)[0]!.body).to.include({
      location_id: ID.mainStreet,
    });
  });

  it('reads the business, its services, staff and locations in one request', async () => {
    const el = await mount();
    await waitForStep(el, 'service');
    expect(api.requests.map((r) => `${r.method} ${r.path}${r.url.search}`)).to.deep.equal([
      'GET /?include=services,staff,locations',
    ]);
    expect($$(el, '[part="service"]')).to.have.length(3);
    await click(el, 'service-haircut');
    await waitForStep(el, 'staff');
    expect(byTestId(el, `staff-${ID.sam}`)).to.exist;
  });

  it('from an API older than `include`: reads each list on its own, and a failure to read the locations (for the address) never fails the page', async () => {
    api.includes = false;
    api.failNext('GET', /^\/locations/, 500);
    const el = await mount();
    await waitForStep(el, 'service');
    expect(api.requestsTo('GET', /^\/(services|staff)$/)).to.have.length(2);
    expect(api.requestsTo('GET', /^\/locations/)).to.have.length(1);
    expect(byTestId(el, 'error')).to.equal(null);
    expect($$(el, '[part="service"]')).to.have.length(3);
  });

  it('a preselection changed while loading: the newer one wins', async () => {
    api.latency = 30;
    const el = await mount({ service: 'haircut' });
    el.service = 'color';
    el.staff = 'any';
    await waitForStep(el, 'time');
    await selectedDay(el);
    expect(
      api
        .requestsTo('GET', /^\/availability/)
        .at(-1)!
        .url.searchParams.get('service_id'),
    ).to.be.oneOf(['color', ID.color]);
  });

  it('ignores an unknown preselection', async () => {
    const el = await mount({ service: 'nope' });
    await waitForStep(el, 'service');
  });
});

describe('<book-sprintz> events', () => {
  it('fires ready, service-selected, slot-selected and booked with their details', async () => {
    const log: string[] = [];
    const listen = (name: string) => document.addEventListener(name, () => log.push(name));
    for (const name of ['ready', 'service-selected', 'slot-selected', 'booked', 'error'])
      listen(`book-sprintz:${name}`);

    const ready = oneEvent(document, 'book-sprintz:ready') as Promise<ReadyEvent>;
    const el = await mount();
    expect((await ready).detail).to.deep.equal({
      business_name: 'Demo Salon',
      timezone: 'America/New_York',
    });

    const selected = oneEvent(el, 'book-sprintz:service-selected') as Promise<ServiceSelectedEvent>;
    await click(el, 'service-haircut');
    const serviceEvent = await selected;
    expect(serviceEvent.detail.service.slug).to.equal('haircut');
    expect(serviceEvent.bubbles && serviceEvent.composed).to.equal(true);

    await click(el, 'staff-any');
    await selectedDay(el);
    const slotEvent = oneEvent(el, 'book-sprintz:slot-selected') as Promise<SlotSelectedEvent>;
    await click(el, 'slot-09:00');
    const slot = (await slotEvent).detail;
    expect(slot.service_id).to.equal(ID.haircut);
    expect(slot.slot.staff_id).to.equal(ID.alex);

    await waitForStep(el, 'details');
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    const booked = oneEvent(el, 'book-sprintz:booked') as Promise<BookedEvent>;
    await click(el, 'book-now');
    const detail = (await booked).detail;
    expect(detail.appointment.confirmation_code).to.equal('K7M2Q9XD');
    expect(detail.manage_url).to.equal(`https://api.test/manage/${ID.appointment}?token=tok`);
    expect(log).to.deep.equal([
      'book-sprintz:ready',
      'book-sprintz:service-selected',
      'book-sprintz:slot-selected',
      'book-sprintz:booked',
    ]);
  });

  it('fires nothing but ready for preselection and property changes', async () => {
    const log: string[] = [];
    const record = (event: Event) => log.push(event.type);
    for (const name of ['service-selected', 'slot-selected', 'booked', 'close']) {
      document.addEventListener(`book-sprintz:${name}`, record);
    }
    const el = await mount({ service: 'haircut', staff: ID.alex });
    await waitForStep(el, 'time');
    await selectedDay(el);
    el.service = 'color';
    await el.updateComplete;
    await waitForStep(el, 'time');
    for (const name of ['service-selected', 'slot-selected', 'booked', 'close']) {
      document.removeEventListener(`book-sprintz:${name}`, record);
    }
    expect(log).to.deep.equal([]);
    expect(step(el)).to.equal('time');
  });
});

/** Counts the element's renders from now on. */
function countDrawings(el: HTMLElement): () => number {
  const host = el as unknown as { render(): unknown };
  const render = host.render;
  let drawings = 0;
  host.render = function (this: unknown) {
    drawings++;
    return render.call(this);
  };
  return () => drawings;
}
