import type { Translations } from '../../i18n/index.ts';
import type { BookingFlow } from '../booking-flow.ts';
import type { CalendarKeyboardController } from '../calendar-keyboard.ts';

/** What a step template needs: the flow to read and drive, the strings, the `Intl` locale. */
export interface StepView {
  flow: BookingFlow;
  t: Translations;
  /** BCP 47 tag for `Intl` (`en-US`, `fr-CA`). */
  locale: string;
  calendar: CalendarKeyboardController;
}
