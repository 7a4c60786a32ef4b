import type { Translations } from '../../i18n/index.ts';

/** What every step template needs besides its own inputs: the strings and the `Intl` locale. */
export interface StepView {
  t: Translations;
  /** BCP 47 tag for `Intl` (`en-US`, `fr-CA`). */
  locale: string;
}
