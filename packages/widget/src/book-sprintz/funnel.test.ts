import { expect, waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { BASE, FakeApi } from '../../test/fake-api.ts';
import { click, fill, find, mount, toDetailsStep } from '../../test/helpers.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

const WIDGET = '0b0e5c1e-7d4a-4c5e-9f1a-2b3c4d5e6f70';

describe('<book-sprintz> funnel (issue 18)', () => {
  it('sends view → service_selected → slot_selected → details_started → booked by beacon', async () => {
    const el = await mount({ 'widget-id': WIDGET });
    await find(el, 'service-haircut');
    await waitUntil(() => api.beacons.length === 1);
    expect(api.beacons.map((b) => b.type)).to.deep.equal(['view']);
    await toDetailsStep(el);
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    await waitUntil(() => api.beacons.length === 5);
    expect(api.beacons.map((b) => b.type)).to.deep.equal([
      'view',
      'service_selected',
      'slot_selected',
      'details_started',
      'booked',
    ]);
    // One random session for the page view, the embed's id, the tenant's events URL.
    const [first] = api.beacons;
    expect(first!.session).to.match(/^[A-Za-z0-9_-]{8,64}$/);
    for (const beacon of api.beacons) {
      expect(beacon).to.include({ session: first!.session, widget_id: WIDGET });
      expect(beacon.url).to.equal(`${BASE}/events`);
    }
    // Nothing of the visitor in them (the contract's schema would refuse extra fields too).
    expect(JSON.stringify(api.beacons)).not.to.contain('jo@example.com');
  });

  it('sends a step’s beacon once the step is on the page, not before', async () => {
    // What the page held when each beacon left: the beacon's request would otherwise take
    // the CPU the first paint needs (first_slot_ms, docs/performance.md).
    const shown: boolean[] = [];
    const record = navigator.sendBeacon;
    navigator.sendBeacon = (url, data) => {
      const host = document.querySelector('book-sprintz');
      shown.push(Boolean(host?.shadowRoot?.querySelector('[data-testid="service-haircut"]')));
      return record.call(navigator, url, data);
    };
    await find(await mount(), 'service-haircut');
    await waitUntil(() => api.beacons.length === 1);
    expect(shown).to.deep.equal([true]);
  });

  it('a second widget on the page shares the page view’s session', async () => {
    await find(await mount(), 'service-haircut');
    await find(await mount(), 'service-haircut');
    await waitUntil(() => api.beacons.length === 2);
    expect(api.beacons[0]!.session).to.equal(api.beacons[1]!.session);
  });

  it('a preselected service counts as chosen; a widget-id that is no UUID is left out', async () => {
    const el = await mount({ service: 'haircut', 'widget-id': 'homepage' });
    await find(el, 'staff-any');
    await waitUntil(() => api.beacons.length === 2);
    expect(api.beacons.map((b) => b.type)).to.deep.equal(['view', 'service_selected']);
    expect(api.beacons[0]!.widget_id).to.equal(undefined);
  });

  it('a blocked beacon never stands in the booking’s way', async () => {
    api.beaconsThrow = true;
    const el = await mount();
    await toDetailsStep(el);
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    await find(el, 'confirmation');
    expect(api.beacons).to.deep.equal([]);
  });
});
