import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi } from '../../test/fake-api.ts';
import {
  $,
  active,
  byTestId,
  click,
  find,
  mount,
  press,
  toDetailsStep,
  waitForStep,
} from '../../test/helpers.ts';
import type { PopupCloseEvent } from '../events/index.ts';
import type { BookSprintz } from './book-sprintz.ts';

let api: FakeApi;
beforeEach(() => {
  api = new FakeApi(now).install();
});
afterEach(() => api.uninstall());

const insideDialog = (el: HTMLElement) => {
  const focused = el.shadowRoot!.activeElement;
  return !!focused && !!el.shadowRoot!.querySelector('dialog')!.contains(focused);
};

describe('<book-sprintz mode="popup">', () => {
  it('is a button until opened, and loads nothing before', async () => {
    const el = await mount({ mode: 'popup', label: 'Book a visit' });
    const trigger = byTestId(el, 'open-button')!;
    expect(trigger.textContent!.trim()).to.equal('Book a visit');
    expect(trigger.getAttribute('aria-haspopup')).to.equal('dialog');
    expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(false);
    expect(api.requests).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('opens a modal dialog from the keyboard, traps Tab, closes on Escape and returns focus', async () => {
    const el = await mount({ mode: 'popup' });
    const trigger = byTestId(el, 'open-button')!;
    trigger.focus();
    await press('Enter');
    const dialog = $(el, 'dialog') as HTMLDialogElement;
    await waitUntil(() => dialog.open, 'dialog did not open');
    expect(dialog.matches(':modal')).to.equal(true);
    await waitForStep(el, 'service');
    await waitUntil(() => insideDialog(el), 'focus is not in the dialog');
    await expect(el).to.be.accessible();

    for (let i = 0; i < 12; i++) {
      await press('Tab');
      expect(insideDialog(el), `Tab ${i + 1} left the dialog`).to.equal(true);
    }
    for (let i = 0; i < 12; i++) {
      await press('Shift+Tab');
      expect(insideDialog(el), `Shift+Tab ${i + 1} left the dialog`).to.equal(true);
    }

    const closed = oneEvent(el, 'book-sprintz:close') as Promise<PopupCloseEvent>;
    await press('Escape');
    expect((await closed).detail).to.deep.equal({ booked: false });
    expect(dialog.open).to.equal(false);
    expect(active(el)).to.equal(trigger);
  });

  it('the close button releases the hold', async () => {
    const el = await mount({ mode: 'popup' });
    byTestId(el, 'open-button')!.click();
    await toDetailsStep(el);
    await click(el, 'close');
    await waitUntil(() => api.released.length === 1);
    expect(($(el, 'dialog') as HTMLDialogElement).open).to.equal(false);
    // Reopening continues at the times, without the released hold.
    await el.show();
    await waitForStep(el, 'time');
  });
});

describe('embed.js', () => {
  afterEach(() => {
    for (const node of document.querySelectorAll(
      '.book-sprintz-button, script[data-tenant], body > book-sprintz',
    )) {
      node.remove();
    }
  });

  function embed(data: Record<string, string>): HTMLScriptElement {
    const script = document.createElement('script');
    for (const [key, value] of Object.entries(data)) script.dataset[key] = value;
    script.src = '/src/embed/embed.ts';
    document.body.append(script);
    return script;
  }

  it('renders a floating button and loads the widget on first click, in a dialog', async () => {
    embed({ tenant: 'demo', api: 'https://api.test', mode: 'button', label: 'Book a visit' });
    await waitUntil(() => document.querySelector('.book-sprintz-button'), 'no button');
    const button = document.querySelector<HTMLButtonElement>('.book-sprintz-button')!;
    expect(button.textContent).to.equal('Book a visit');
    expect(getComputedStyle(button).position).to.equal('fixed');
    expect(document.querySelector('book-sprintz')).to.equal(null);
    // Only the public profile, for the brand colour: the widget itself waits for a click.
    await waitUntil(() => api.requests.length === 1);
    expect(api.requests.map((r) => `${r.method} ${r.path}`)).to.deep.equal(['GET /']);

    button.focus();
    button.click();
    await waitUntil(
      () => document.querySelector('body > book-sprintz'),
      'the widget was not created',
    );
    const el = document.querySelector<BookSprintz>('body > book-sprintz')!;
    expect(el.getAttribute('mode')).to.equal('popup');
    expect(el.getAttribute('tenant')).to.equal('demo');
    await waitUntil(() => el.shadowRoot?.querySelector('dialog')?.open, 'the dialog did not open');
    await waitForStep(el, 'service');
    await find(el, 'service-haircut');

    el.close();
    await waitUntil(() => document.activeElement === button, 'focus did not return to the button');
    // A second click reuses the element.
    button.click();
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')!.open);
    expect(document.querySelectorAll('body > book-sprintz')).to.have.length(1);
  });

  it('wears the business’s brand colour, unless data-color says otherwise', async () => {
    api.profile.primary_color = '#fde047';
    embed({ tenant: 'demo', api: 'https://api.test' });
    await waitUntil(() => document.querySelector('.book-sprintz-button'), 'no button');
    const button = document.querySelector<HTMLButtonElement>('.book-sprintz-button')!;
    await waitUntil(
      () => getComputedStyle(button).backgroundColor === 'rgb(253, 224, 71)',
      `background is ${getComputedStyle(button).backgroundColor}`,
    );
    // A light brand colour gets dark text.
    expect(getComputedStyle(button).color).to.equal('rgb(17, 24, 39)');
    button.remove();
    document.querySelector('script[data-tenant]')!.remove();

    embed({ tenant: 'demo', api: 'https://api.test', color: '#9d174d' });
    await waitUntil(() => document.querySelector('.book-sprintz-button'), 'no button');
    const own = document.querySelector<HTMLButtonElement>('.book-sprintz-button')!;
    expect(getComputedStyle(own).backgroundColor).to.equal('rgb(157, 23, 77)');
    expect(getComputedStyle(own).color).to.equal('rgb(255, 255, 255)');
  });

  it('popup mode puts an ordinary button where the script is', async () => {
    const script = embed({ tenant: 'demo', api: 'https://api.test', mode: 'popup' });
    await waitUntil(() => script.nextElementSibling?.matches('.book-sprintz-button'));
    const button = script.nextElementSibling as HTMLButtonElement;
    expect(button.textContent).to.equal('Book now');
    expect(getComputedStyle(button).position).to.equal('static');
  });
});
