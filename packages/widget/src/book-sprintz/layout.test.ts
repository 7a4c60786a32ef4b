import { expect, waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi } from '../../test/fake-api.ts';
import { $, $$, mount, selectedDay, setViewport, waitForStep } from '../../test/helpers.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

describe('<book-sprintz> layout', () => {
  it('reserves its height while loading: nothing below moves when the services arrive', async () => {
    let open = () => {};
    api.gate = new Promise((resolve) => {
      open = resolve;
    });
    const shifts: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number })[])
        shifts.push(entry.value);
    });
    observer.observe({ type: 'layout-shift' });
    const el = await mount(
      {},
      '<div style="width: 640px"><slot></slot><p id="below">Below the widget</p></div>',
    );
    const below = document.getElementById('below')!;
    await waitUntil(() => $(el, '.skeleton'));
    const loadingTop = below.getBoundingClientRect().top;
    const loadingHeight = el.getBoundingClientRect().height;
    expect(loadingHeight).to.be.greaterThan(400);
    open();
    await waitForStep(el, 'service');
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    expect(below.getBoundingClientRect().top).to.equal(loadingTop);
    expect(el.getBoundingClientRect().height).to.equal(loadingHeight);
    observer.disconnect();
    expect(shifts.reduce((a, b) => a + b, 0)).to.be.lessThan(0.01);
  });

  it('keeps the loading skeleton still for its first moments: a quick load draws no frames for it', async () => {
    api.gate = new Promise(() => {});
    const el = await mount();
    await waitUntil(() => $(el, '.skeleton'));
    const pulses = [...el.shadowRoot!.querySelectorAll('.skeleton div, .bar')].flatMap((part) =>
      part.getAnimations(),
    );
    expect(pulses.length).to.be.greaterThan(0);
    for (const pulse of pulses) {
      expect(Number(pulse.effect!.getTiming().delay)).to.be.at.least(500);
    }
  });

  it('fits 320 px without horizontal scrolling', async () => {
    const el = await mount(
      { service: 'haircut', staff: 'any', timezone: 'Europe/Paris' },
      '<div style="width: 320px"><slot></slot></div>',
    );
    await waitUntil(() => $(el, '.day.selected'));
    await waitUntil(() => $(el, '[part="slot"]'));
    const root = $(el, '.root')!;
    expect(root.scrollWidth).to.be.at.most(root.clientWidth);
    for (const element of el.shadowRoot!.querySelectorAll('button, input, table')) {
      expect(element.getBoundingClientRect().right, element.outerHTML.slice(0, 80)).to.be.at.most(
        el.getBoundingClientRect().right + 0.5,
      );
    }
  });

  it('on a phone, picking a day brings its times into view', async () => {
    await setViewport(375, 560);
    try {
      const el = await mount({ service: 'haircut', staff: 'any' });
      await selectedDay(el);
      window.scrollTo(0, 0);
      const other = $$(el, '.day.open:not(.selected)')[0]!;
      other.click();
      await waitUntil(() => $(el, '.day.selected') === other);
      const title = $(el, '.slots h3')!;
      await waitUntil(
        () => title.getBoundingClientRect().bottom <= window.innerHeight,
        `the times stay below the fold (${title.getBoundingClientRect().top}px)`,
        { timeout: 3000 },
      );
      expect(title.getBoundingClientRect().top).to.be.at.least(0);
      // Not only the heading: the first times too.
      const first = $(el, '[part="slot"]')!;
      await waitUntil(
        () => first.getBoundingClientRect().bottom <= window.innerHeight,
        `the first time stays below the fold (${first.getBoundingClientRect().bottom}px)`,
        { timeout: 3000 },
      );
    } finally {
      await setViewport(800, 600);
    }
  });

  it('takes the tenant’s colour, which sites can override', async () => {
    const el = await mount({}, '<div><slot></slot></div>');
    await waitForStep(el, 'service');
    const button = $(el, '[part="service"]')!;
    button.dispatchEvent(new MouseEvent('mouseover'));
    const root = $(el, '.root')!;
    expect(getComputedStyle(root).getPropertyValue('--_primary').trim()).to.equal('#6d28d9');
    el.style.setProperty('--bs-color-primary', '#0f766e');
    expect(getComputedStyle(root).getPropertyValue('--_primary').trim()).to.equal('#0f766e');
  });
});
