import { html, nothing } from 'lit';
import { formatZone } from './format.ts';
import type { StepView } from './steps/view.ts';

type ZoneListModule = typeof import('./zone-list.ts');

/**
 * The zone picker: an ARIA combobox (APG "combobox with listbox popup", list
 * autocomplete) over every zone. The input is here; the list and its keys are in
 * zone-list.ts, fetched on the first focus.
 */
export class ZonePicker {
  open = false;
  query = '';
  active = 0;
  /** The list's code, once fetched. */
  declare list: ZoneListModule | undefined;
  readonly #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  /** Opens or closes the list, with a query and the active option. */
  set(open: boolean, query = '', active = 0): void {
    this.open = open;
    this.query = query;
    this.active = active;
    this.#changed();
  }

  /** Fetches the list's code (once; a failed fetch is tried again on the next focus). */
  async load(): Promise<void> {
    this.list ??= await import('./zone-list.ts').catch(() => undefined);
    this.#changed();
  }
}

/** The combobox; `pick` gets the chosen zone's id. */
export function zonePicker(
  view: StepView,
  picker: ZonePicker,
  zone: string,
  business: string,
  pick: (zone: string) => void,
) {
  const { t, locale } = view;
  const list = picker.list;
  const options = list && picker.open ? list.zoneMatches(picker, locale, business) : [];
  const active = Math.min(picker.active, options.length - 1);
  const choose = (id: string) => {
    picker.set(false);
    pick(id);
  };
  return html`<div class="combo">
    <input
      id="zone"
      part="input"
      role="combobox"
      data-testid="timezone-select"
      data-zone=${zone}
      autocomplete="off"
      aria-autocomplete="list"
      aria-expanded=${!!options.length}
      aria-controls="zones"
      aria-activedescendant=${options[active] ? `zone-${active}` : nothing}
      placeholder=${t.zoneSearch}
      .value=${picker.open ? picker.query : formatZone(zone, locale)}
      @focus=${(event: Event) => {
        // Typing replaces the zone shown; the code of the list comes now, before it is needed.
        (event.target as HTMLInputElement).select();
        picker.load();
      }}
      @click=${() => picker.set(!picker.open)}
      @input=${(event: Event) => picker.set(true, (event.target as HTMLInputElement).value)}
      @keydown=${(event: KeyboardEvent) =>
        list
          ? list.zoneKeys(event, picker, options, active, choose)
          : event.key === 'ArrowDown' && picker.set(true)}
      @blur=${() => picker.open && picker.set(false)}
    />
    ${list?.zoneList(view, picker, options, active, zone, choose)}
  </div>`;
}
