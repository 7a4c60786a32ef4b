import { html, nothing } from 'lit';
import type { Service, Staff } from '../../api/types.ts';
import { formatDuration, formatMoney } from '../format.ts';
import type { StepView } from './view.ts';

/** Services as large buttons: name, duration · price, description. */
export function serviceStep(
  { t, locale }: StepView,
  services: Service[],
  currency: string | undefined,
  select: (service: Service) => void,
) {
  return html`<ul class="choices">
    ${services.map((service) => {
      const price =
        service.price_cents == null
          ? ''
          : service.price_cents === 0
            ? t.free
            : formatMoney(service.price_cents, service.currency || currency || 'USD', locale);
      const meta = [
        formatDuration(service.duration_minutes, locale),
        price,
        service.deposit_required && t.depositRequired,
      ]
        .filter(Boolean)
        .join(' · ');
      return html`<li>
        <button
          class="choice"
          part="service"
          data-testid="service-${service.slug}"
          @click=${() => select(service)}
        >
          <span>${service.name}</span>
          <span class="hint">${meta}</span>
          ${service.description ? html`<span class="hint">${service.description}</span>` : nothing}
        </button>
      </li>`;
    })}
  </ul>`;
}

/**
 * "Any available" first (the quickest way to a time), then each eligible staff member;
 * `select('')` is "any available".
 */
export function staffStep({ t }: StepView, staff: Staff[], select: (staffId: string) => void) {
  return html`<ul class="choices">
    <li>
      <button class="choice person" part="staff" data-testid="staff-any" @click=${() => select('')}>
        <span class="avatar" aria-hidden="true">★</span>
        <span>${t.anyStaff}</span>
        <span class="hint">${t.anyStaffHint}</span>
      </button>
    </li>
    ${staff.map(
      (person) => html`<li>
        <button class="choice person" part="staff" data-testid="staff-${person.id}" @click=${() => select(person.id)}>
          ${
            person.avatar_url
              ? html`<img class="avatar" src=${person.avatar_url} alt="" loading="lazy" />`
              : html`<span class="avatar" aria-hidden="true">${initials(person.name)}</span>`
          }
          <span>${person.name}</span>
          ${person.title ? html`<span class="hint">${person.title}</span>` : nothing}
        </button>
      </li>`,
    )}
  </ul>`;
}

const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((word) => word[0])
    .slice(0, 2)
    .join('')
    .toUpperCase();
