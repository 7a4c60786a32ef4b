/**
 * A language chunk that cannot load (offline, or a deploy replaced it under a cached
 * book-sprintz.js). A file of its own, importing no language itself: its page has loaded
 * none but English (which the sources load with the element). When no language at all
 * can load, the built files are checked by scripts/check-dist.ts.
 */
import { expect } from '@open-wc/testing';
import { now } from '../../test/clock.ts';
import { FakeApi } from '../../test/fake-api.ts';
import { $, command, mount, waitForStep } from '../../test/helpers.ts';
import en from './en.ts';

const FRENCH = '**/src/i18n/fr.ts*';
const block = (url: string, block: boolean) => command('bs-block', { url, block });

describe('<book-sprintz> when its language cannot load', () => {
  let api: FakeApi;
  beforeEach(() => {
    api = new FakeApi(now).install();
  });
  afterEach(async () => {
    api.uninstall();
    await block(FRENCH, false);
  });

  it('shows English instead', async () => {
    await block(FRENCH, true);
    const el = await mount({ locale: 'fr' });
    await waitForStep(el, 'service');
    expect($(el, '#step-title')!.textContent).to.equal(en.steps.service);
    expect($(el, '[data-testid="error"]')).to.equal(null);
  });
});
