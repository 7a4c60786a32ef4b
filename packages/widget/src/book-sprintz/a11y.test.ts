import { expect, waitUntil } from '@open-wc/testing';
import { now, todayIn } from '../../test/clock.ts';
import { FakeApi, ID } from '../../test/fake-api.ts';
import {
  $,
  $$,
  active,
  bookWithKeyboard,
  byTestId,
  click,
  fill,
  find,
  mount,
  press,
  selectedDay,
  tabTo,
  testIdIs,
  toDetailsStep,
  toTimeStep,
  waitForStep,
} from '../../test/helpers.ts';
import { addDays, addMonths, monthStart, startOfWeek } from './calendar-date.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

describe('<book-sprintz> accessibility (axe)', () => {
  it('loading', async () => {
    let open = () => {};
    api.gate = new Promise((resolve) => {
      open = resolve;
    });
    const el = await mount();
    expect($(el, '.root')!.getAttribute('aria-busy')).to.equal('true');
    await expect(el).to.be.accessible();
    open();
  });

  it('service step', async () => {
    const el = await mount();
    await waitForStep(el, 'service');
    await expect(el).to.be.accessible();
  });

  it('staff step', async () => {
    const el = await mount({ service: 'haircut' });
    await waitForStep(el, 'staff');
    await expect(el).to.be.accessible();
  });

  it('date and time step, also with two zones', async () => {
    const el = await mount({ timezone: 'Europe/Paris' });
    await toTimeStep(el);
    await find(el, 'slot-15:00');
    await expect(el).to.be.accessible();
  });

  it('details step, also with field errors', async () => {
    const el = await mount();
    await toDetailsStep(el);
    await expect(el).to.be.accessible();
    await click(el, 'book-now');
    await waitUntil(() => $(el, '[aria-invalid="true"]'));
    await expect(el).to.be.accessible();
  });

  it('confirmation step', async () => {
    const el = await mount();
    await toDetailsStep(el);
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    await expect(el).to.be.accessible();
  });

  it('error state', async () => {
    api.failNextWithNetworkError('GET', /^\/$/);
    const el = await mount();
    await find(el, 'error');
    await expect(el).to.be.accessible();
  });

  it('dark theme', async () => {
    const el = await mount({ theme: 'dark', service: 'haircut', staff: 'any' });
    await selectedDay(el);
    await expect(el).to.be.accessible();
  });
});

describe('<book-sprintz> announcements and focus', () => {
  it('announces each step and moves focus to its heading', async () => {
    const el = await mount();
    await waitForStep(el, 'service');
    const live = $(el, '[aria-live="polite"].sr-only')!;
    await click(el, 'service-haircut');
    await waitForStep(el, 'staff');
    await el.updateComplete;
    expect(live.textContent).to.equal('Step 2 of 4: Choose who you’d like to see');
    expect(active(el)?.id).to.equal('step-title');
  });

  it('does not take focus from the page on first load', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    const el = await mount({ service: 'haircut', staff: 'any' });
    await selectedDay(el);
    expect(document.activeElement).to.equal(input);
    input.remove();
  });
});

describe('<book-sprintz> month grid keyboard model', () => {
  it('is a grid with exactly one tabbable day', async () => {
    const el = await mount();
    await toTimeStep(el);
    const grid = $(el, '[role="grid"]')!;
    expect(grid.getAttribute('aria-labelledby')).to.equal('month-title');
    expect($$(el, '[part="day"][tabindex="0"]')).to.have.length(1);
    expect(
      $(el, '[role="gridcell"][aria-selected="true"] [part="day"]')!.getAttribute('tabindex'),
    ).to.equal('0');
  });

  it('arrows move by day and week, Home/End by week, PageUp/PageDown by month', async () => {
    const el = await mount();
    const start = await toTimeStep(el);
    await tabTo(el, (f) => f?.getAttribute('part') === 'day');
    expect(active(el)!.dataset.date).to.equal(start);
    const focused = () => active(el)!.dataset.date;

    await press('ArrowRight');
    expect(focused()).to.equal(addDays(start, 1));
    await press('ArrowLeft');
    expect(focused()).to.equal(start);
    await press('ArrowDown');
    expect(focused()).to.equal(addDays(start, 7));
    await press('ArrowUp');
    expect(focused()).to.equal(start);

    // en-US weeks start on Sunday; Home stops at the first day the grid offers (this
    // month's 1st), End at the week's Saturday.
    const firstOffered = monthStart(todayIn('America/New_York'));
    await press('Home');
    expect(focused()).to.equal([startOfWeek(start, 7), firstOffered].sort()[1]);
    await press('End');
    expect(focused()).to.equal(addDays(startOfWeek(focused()!, 7), 6));

    const before = focused()!;
    await press('PageDown');
    await waitUntil(() => focused() === addMonths(before, 1), `PageDown focused ${focused()}`);
    expect($(el, '#month-title')!.textContent).to.contain(
      new Date(`${addMonths(before, 1)}T12:00:00Z`).toLocaleString('en-US', {
        month: 'long',
        timeZone: 'UTC',
      }),
    );
    expect($$(el, '[part="day"][tabindex="0"]')).to.have.length(1);
    await press('PageUp');
    await waitUntil(() => focused() === before);

    // Enter picks the focused day when it has free times.
    await press('ArrowRight');
    const target = focused()!;
    if (
      api.availability(new URLSearchParams({ service_id: ID.haircut, date: target })).days[0]!.slots
        .length
    ) {
      await press('Enter');
      await waitUntil(() => $(el, '.day.selected')?.dataset.date === target);
    }
  });

  it('does not go before the current month', async () => {
    const el = await mount();
    await toTimeStep(el);
    await tabTo(el, (f) => f?.getAttribute('part') === 'day');
    await press('PageUp', 'PageUp', 'PageUp');
    await el.updateComplete;
    expect(active(el)!.dataset.date!.slice(0, 7)).to.equal(todayIn('America/New_York').slice(0, 7));
    expect(byTestId(el, 'prev-month')!.getAttribute('aria-disabled')).to.equal('true');
  });
});

describe('<book-sprintz> keyboard-only booking', () => {
  it('books from service to confirmation with Tab, Enter, Space and typing', async () => {
    const el = await mount();
    await bookWithKeyboard(el, 'haircut');
    await find(el, 'confirmation');
    expect(byTestId(el, 'confirmation-code')!.textContent).to.equal('K7M2Q9XD');
    expect(api.requestsTo('POST', /^\/appointments$/)[0]!.body).to.deep.include({
      customer: { name: 'Kim Keys', email: 'kim@example.com' },
    });
    await tabTo(el, testIdIs('add-to-calendar'));
  });
});
