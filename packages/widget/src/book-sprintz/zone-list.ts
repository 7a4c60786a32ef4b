/**
 * The zone picker's list: every zone by its canonical name and a label in the visitor's
 * language, filtered as they type, the visitor's own zone first, then the business's. A
 * chunk of its own, fetched when the picker is first focused: most visitors never open it
 * (the bundle budget is DESIGN.md §9).
 */
import { html, nothing } from 'lit';
import { allZones, browserZone, canonicalZone, formatZone } from './format.ts';
import type { StepView } from './steps/view.ts';
import type { ZonePicker } from './zone-picker.ts';

/** A zone as the picker offers it: "Eastern Time — New York", searchable by both. */
interface ZoneOption {
  id: string;
  label: string;
  /** Label and ids, lower case, without accents. */
  words: string;
}

const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

const lists = new Map<string, ZoneOption[]>();

/** Every zone the runtime knows by its canonical name, labelled in `locale` (made once). */
function zoneOptions(locale: string): ZoneOption[] {
  let list = lists.get(locale);
  if (!list) {
    list = allZones().map((raw) => {
      const id = canonicalZone(raw);
      const label = formatZone(id, locale);
      return { id, label, words: plain(`${label} ${id} ${raw}`.replaceAll('_', ' ')) };
    });
    lists.set(locale, list);
  }
  return list;
}

/** The options matching the picker's query, the visitor's and the business's zone first. */
export function zoneMatches(picker: ZonePicker, locale: string, business: string): ZoneOption[] {
  const first = [browserZone(), canonicalZone(business)];
  const rank = (option: ZoneOption) => first.indexOf(option.id) >>> 0;
  const query = plain(picker.query.trim());
  return zoneOptions(locale)
    .filter((option) => option.words.includes(query))
    .sort((a, b) => rank(a) - rank(b));
}

/** The combobox's keys (APG): ↓ opens and moves, ↑ moves, Enter picks, Escape closes. */
export function zoneKeys(
  event: KeyboardEvent,
  picker: ZonePicker,
  options: ZoneOption[],
  active: number,
  pick: (zone: string) => void,
): void {
  const { key } = event;
  const { open } = picker;
  const step = key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : 0;
  if (step) {
    event.preventDefault();
    picker.set(
      true,
      picker.query,
      open ? Math.max(0, Math.min(options.length - 1, active + step)) : 0,
    );
    // The active option stays in sight once drawn.
    const root = (event.target as Element).getRootNode() as ShadowRoot;
    requestAnimationFrame(() =>
      root.querySelector('#zones .active')?.scrollIntoView({ block: 'nearest' }),
    );
  } else if (key === 'Enter' && open && options[active]) {
    event.preventDefault();
    pick(options[active].id);
  } else if (key === 'Escape' && open) {
    event.preventDefault();
    picker.set(false);
    // The zone shown again, selected: typing searches afresh.
    const input = event.target as HTMLInputElement;
    requestAnimationFrame(() => input.select());
  }
}

/** The open list: a listbox whose active option the input names (aria-activedescendant). */
export function zoneList(
  { t }: StepView,
  picker: ZonePicker,
  options: ZoneOption[],
  active: number,
  zone: string,
  pick: (zone: string) => void,
) {
  if (!picker.open) return nothing;
  return options.length
    ? html`<ul id="zones" role="listbox" aria-label=${t.timeZone}>
        ${options.map(
          (option, i) => html`<li
            id="zone-${i}"
            role="option"
            data-zone=${option.id}
            aria-selected=${option.id === zone}
            class=${i === active ? 'active' : ''}
            @mousedown=${(event: Event) => event.preventDefault()}
            @click=${() => pick(option.id)}
          >${option.label}</li>`,
        )}
      </ul>`
    : html`<p class="hint" role="status">${t.noZone}</p>`;
}
