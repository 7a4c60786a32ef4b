import { expect } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi } from '../../test/fake-api.ts';
import {
  $,
  click,
  fill,
  find,
  mount,
  toDetailsStep,
  toTimeStep,
  waitForStep,
} from '../../test/helpers.ts';
import en from './en.ts';
import es from './es.ts';
import fr from './fr.ts';
import {
  essentials,
  format,
  loadTranslations,
  plural,
  resolveLocale,
  type Translations,
  translationsFor,
} from './index.ts';

const translations: Record<'en' | 'es' | 'fr', Translations> = { en, es, fr };

/** Every key path of a translations object; plural forms count as one key. */
function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  if ('other' in value) return [prefix];
  return Object.entries(value).flatMap(([key, child]) =>
    keys(child, prefix ? `${prefix}.${key}` : key),
  );
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Object.values(value as object).flatMap(strings);
}

describe('translations', () => {
  const english = keys(translations.en).sort();

  for (const [locale, table] of Object.entries(translations)) {
    it(`${locale}: has exactly the English keys, none empty`, () => {
      expect(keys(table).sort()).to.deep.equal(english);
      for (const text of strings(table)) expect(text.trim()).to.not.equal('');
    });

    it(`${locale}: plural forms cover the language's categories`, () => {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      for (const category of categories) expect(table.slotsAvailable).to.have.property(category);
    });

    it(`${locale}: uses the same placeholders as English`, () => {
      const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();
      for (const key of keys(translations.en)) {
        const get = (t: unknown) =>
          key.split('.').reduce((v, part) => (v as Record<string, unknown>)[part], t) as string;
        const theirs = get(table);
        const ours = get(translations.en);
        if (typeof ours === 'string')
          expect(placeholders(theirs), `${locale}.${key}`).to.equal(placeholders(ours));
      }
    });
  }

  it('makes one number format per locale for plurals, however many days ask', () => {
    // `toLocaleString(locale)` builds a number format on every call: 31 per month drawn.
    const RealFormat = Intl.NumberFormat;
    const realToLocale = Number.prototype.toLocaleString;
    let formats = 0;
    let toLocale = 0;
    Intl.NumberFormat = new Proxy(RealFormat, {
      construct: (target, args) => {
        formats++;
        return Reflect.construct(target, args);
      },
    });
    Number.prototype.toLocaleString = function (...args: []) {
      toLocale++;
      return realToLocale.apply(this, args);
    };
    try {
      for (let day = 1; day <= 31; day++) plural('es', translations.es.slotsAvailable, day);
    } finally {
      Intl.NumberFormat = RealFormat;
      Number.prototype.toLocaleString = realToLocale;
    }
    expect(toLocale).to.equal(0);
    expect(formats).to.be.at.most(1);
  });

  it('formats placeholders and plurals', () => {
    expect(format('{a} and {b}', { a: 1, b: 'two' })).to.equal('1 and two');
    expect(plural('en', translations.en.slotsAvailable, 1)).to.equal('1 time available');
    expect(plural('en', translations.en.slotsAvailable, 1200)).to.equal('1,200 times available');
    expect(plural('fr', translations.fr.slotsAvailable, 1)).to.equal('1 créneau disponible');
    expect(plural('fr', translations.fr.slotsAvailable, 1_000_000)).to.equal(
      '1\u202f000\u202f000 de créneaux disponibles',
    );
    expect(plural('es', translations.es.slotsAvailable, 3)).to.equal('3 horas disponibles');
  });

  it('loads every language on demand, English too', async () => {
    for (const locale of ['en', 'es', 'fr'] as const) {
      const loaded = new Promise<void>((resolve) => {
        if (translationsFor(locale, resolve)) resolve();
      });
      await loaded;
      expect(translationsFor(locale, () => {})).to.deep.equal(translations[locale]);
      expect(await loadTranslations(locale)).to.equal(translationsFor(locale, () => {}));
    }
  });

  it('English’s essentials are English’s strings', () => {
    const { generic, ...rest } = essentials;
    expect(en).to.include(rest);
    expect(en.errors.generic).to.equal(generic);
  });

  it('picks the locale: attribute, then browser languages, then the tenant', () => {
    expect(resolveLocale(['fr-CA', 'en-US'])).to.deep.equal({ locale: 'fr', tag: 'fr-CA' });
    expect(resolveLocale([null, 'de-DE', 'es-MX'])).to.deep.equal({ locale: 'es', tag: 'es-MX' });
    expect(resolveLocale([undefined, 'de', 'it'])).to.deep.equal({ locale: 'en', tag: 'en' });
  });
});

describe('<book-sprintz> in every locale', () => {
  let api: FakeApi;
  beforeEach(() => {
    api = new FakeApi(now).install();
  });
  afterEach(() => api.uninstall());

  for (const locale of ['en', 'es', 'fr'] as const) {
    it(`${locale}: every step renders in the locale, with no placeholders left`, async () => {
      const t = translations[locale];
      const el = await mount({ locale });
      await waitForStep(el, 'service');
      const text = () => el.shadowRoot!.textContent!.replace(/\s+/g, ' ');
      const check = () => expect(text()).to.not.match(/\{\w+\}/);
      expect($(el, '.root')!.getAttribute('lang')).to.equal(locale);
      expect($(el, '#step-title')!.textContent).to.equal(t.steps.service);
      check();
      await toTimeStep(el);
      expect(text()).to.contain(t.timeZone);
      const day = $(el, '.day.selected')!;
      expect(day.getAttribute('aria-label')).to.contain(plural(locale, t.slotsAvailable, 16));
      check();
      await click(el, 'slot-09:00');
      await waitForStep(el, 'details');
      expect(text()).to.contain(t.email);
      check();
      fill(el, { name: 'Jo', email: 'jo@example.com' });
      await click(el, 'book-now');
      await find(el, 'confirmation');
      expect(text()).to.contain(t.confirmedTitle).and.contain(t.addToCalendar);
      check();
      expect(api.requestsTo('POST', /^\/appointments$/)[0]!.body).to.include({ locale });
    });
  }

  it('falls back to the tenant’s locale when the browser’s is not translated', async () => {
    const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')!;
    Object.defineProperty(navigator, 'languages', { value: ['de-DE'], configurable: true });
    try {
      api.profile.locale = 'fr-FR';
      const el = await mount();
      await waitForStep(el, 'service');
      expect($(el, '#step-title')!.textContent).to.equal(translations.fr.steps.service);
    } finally {
      Object.defineProperty(navigator, 'languages', languages);
      delete (navigator as { languages?: unknown }).languages;
    }
  });

  it('shows errors translated', async () => {
    const el = await mount({ locale: 'es' });
    await toDetailsStep(el);
    api.failNext('POST', /^\/appointments$/, 409, { code: 'slot_unavailable' });
    fill(el, { name: 'Jo', email: 'jo@example.com' });
    await click(el, 'book-now');
    expect((await find(el, 'error')).textContent).to.contain(
      translations.es.errors.slot_unavailable,
    );
  });
});
