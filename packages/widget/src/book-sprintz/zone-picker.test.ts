import { expect, waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi } from '../../test/fake-api.ts';
import { $, $$, active, byTestId, mount, press, toTimeStep, type } from '../../test/helpers.ts';
import type { BookSprintz } from './book-sprintz.ts';
import { canonicalZone } from './format.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

const picker = (el: BookSprintz) => byTestId(el, 'timezone-select') as HTMLInputElement;
const offered = (el: BookSprintz) => $$(el, '#zones [role="option"]');

/** Focuses the picker and opens its list with ↓, as a keyboard user would. */
async function openList(el: BookSprintz): Promise<void> {
  picker(el).focus();
  await press('ArrowDown');
  await waitUntil(() => offered(el).length, 'the list never opened');
}

describe('<book-sprintz> zone picker', () => {
  it('is a combobox (APG): ↓ opens the list, ↑/↓ move, Enter picks, Escape closes', async () => {
    api.profile.timezone = 'Asia/Tokyo';
    const el = await mount();
    await toTimeStep(el);
    const input = picker(el);
    expect(input.getAttribute('role')).to.equal('combobox');
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    expect(input.value).to.equal('Eastern Time — New York');
    await openList(el);
    expect(input.getAttribute('aria-expanded')).to.equal('true');
    expect($(el, '#zones')!.getAttribute('role')).to.equal('listbox');
    // The visitor's own zone first, then the business's.
    expect(
      offered(el)
        .slice(0, 2)
        .map((o) => o.dataset.zone),
    ).to.deep.equal(['America/New_York', 'Asia/Tokyo']);
    expect(offered(el)[0]!.textContent).to.equal('Eastern Time — New York');
    expect(input.getAttribute('aria-activedescendant')).to.equal(offered(el)[0]!.id);
    await press('ArrowDown');
    await waitUntil(() => input.getAttribute('aria-activedescendant') === offered(el)[1]!.id);
    await press('ArrowUp');
    await waitUntil(() => input.getAttribute('aria-activedescendant') === offered(el)[0]!.id);
    await press('Escape');
    await waitUntil(() => !$(el, '#zones'), 'Escape left the list open');
    expect(input.getAttribute('aria-expanded')).to.equal('false');
    expect(active(el)).to.equal(input);
    // Search by city: the first match is active, Enter picks it.
    await type('kolk');
    await waitUntil(() => offered(el)[0]?.dataset.zone === 'Asia/Kolkata');
    await press('Enter');
    await waitUntil(() => input.dataset.zone === 'Asia/Kolkata', 'Enter did not pick');
    expect(input.value).to.equal('India Standard Time — Kolkata');
    await waitUntil(() =>
      api
        .requestsTo('GET', /^\/availability/)
        .some((r) => r.url.searchParams.get('timezone') === 'Asia/Kolkata'),
    );
  });

  it('offers canonical names only, finds them by their old names, and says when nothing matches', async () => {
    const el = await mount();
    await toTimeStep(el);
    await openList(el);
    const zones = offered(el).map((o) => o.dataset.zone);
    expect(zones).to.include.members(['Asia/Kolkata', 'America/Nuuk', 'Europe/Kyiv']);
    expect(zones).to.include('America/Argentina/Buenos_Aires');
    expect(zones).not.to.include.members(['Asia/Calcutta', 'America/Godthab', 'Europe/Kiev']);
    expect(new Set(zones).size).to.equal(zones.length);
    await type('calcutta');
    await waitUntil(() => offered(el).length === 1);
    expect(offered(el)[0]!.dataset.zone).to.equal('Asia/Kolkata');
    await type('zzz');
    await waitUntil(() => $(el, '.combo [role="status"]'), 'no "nothing matches"');
    expect($(el, '.combo [role="status"]')!.textContent).to.contain('No time zone matches');
    // A click picks too.
    (picker(el) as HTMLInputElement).select();
    await type('nuuk');
    await waitUntil(() => offered(el).length === 1);
    offered(el)[0]!.click();
    await waitUntil(() => picker(el).dataset.zone === 'America/Nuuk');
  });

  it('speaks the visitor’s language: labels and its own strings', async () => {
    const el = await mount({ locale: 'fr' });
    await toTimeStep(el);
    expect(picker(el).placeholder).to.equal('Rechercher une ville ou un fuseau');
    await openList(el);
    await type('tokyo');
    await waitUntil(() => offered(el)[0]?.dataset.zone === 'Asia/Tokyo');
    expect(offered(el)[0]!.textContent).to.match(/Japon — Tokyo/);
    const es = await mount({ locale: 'es' });
    await toTimeStep(es);
    expect(picker(es).placeholder).to.equal('Busca por ciudad o zona');
  });

  it('canonical names: ICU’s old ids become today’s, others stay', () => {
    expect(canonicalZone('Asia/Calcutta')).to.equal('Asia/Kolkata');
    expect(canonicalZone('America/Godthab')).to.equal('America/Nuuk');
    expect(canonicalZone('America/Cordoba')).to.equal('America/Argentina/Cordoba');
    expect(canonicalZone('America/Argentina/Cordoba')).to.equal('America/Argentina/Cordoba');
    expect(canonicalZone('Europe/Paris')).to.equal('Europe/Paris');
  });
});
