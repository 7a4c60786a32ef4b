import { html, nothing } from 'lit';
import { ANY_STAFF } from '../booking-flow.ts';
import { formatDuration, formatMoney } from '../format.ts';
import type { StepView } from './view.ts';

/** Services as large buttons: name, duration · price, description. */
export function serviceStep({ flow, t, locale }: StepView) {
  return html`<ul class="choices">
    ${flow.services.map((service) => {
      const price =
        service.price_cents == null
          ? ''
          : service.price_cents === 0
            ? t.free
            : formatMoney(
                service.price_cents,
                service.currency || flow.profile?.currency || 'USD',
                locale,
              );
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
          @click=${() => flow.selectService(service)}
        >
          <span>${service.name}</span>
          <span class="hint">${meta}</span>
          ${service.description ? html`<span class="hint">${service.description}</span>` : nothing}
        </button>
      </li>`;
    })}
  </ul>`;
}

/** "Any available" first (the quickest way to a time), then each eligible staff member. */
export function staffStep({ flow, t }: StepView) {
  return html`<ul class="choices">
    <li>
      <button class="choice person" part="staff" data-testid="staff-any" @click=${() => flow.selectStaff(ANY_STAFF)}>
        <span class="avatar" aria-hidden="true">★</span>
        <span>${t.anyStaff}</span>
        <span class="hint">${t.anyStaffHint}</span>
      </button>
    </li>
    ${flow.eligibleStaff().map(
      (staff) => html`<li>
        <button class="choice person" part="staff" data-testid="staff-${staff.id}" @click=${() => flow.selectStaff(staff.id)}>
          ${
            staff.avatar_url
              ? html`<img class="avatar" src=${staff.avatar_url} alt="" loading="lazy" />`
              : html`<span class="avatar" aria-hidden="true">${initials(staff.name)}</span>`
          }
          <span>${staff.name}</span>
          ${staff.title ? html`<span class="hint">${staff.title}</span>` : nothing}
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
