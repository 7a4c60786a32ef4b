import type { Staff } from '@booksprintz/shared';
import { html, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import '../calendars/staff-calendars.ts';

/**
 * Settings → Calendars (`/app/settings/calendars`): every active staff member's
 * connected calendars and booking feed, one card each, the same card as on their page.
 */
export class CalendarsSection extends Screen {
  static override properties = { ...Screen.properties, staff: { state: true } };

  declare staff: Staff[] | null;

  constructor() {
    super();
    this.staff = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.attempt(async () => {
      const tenantId = this.session?.tenant.id ?? '';
      const staff = (await api.get<{ data: Staff[] }>(tenantPath(tenantId, '/staff'))).data;
      this.staff = staff.filter((member) => member.status === 'active');
    });
  }

  override render(): TemplateResult {
    return html`<p class="muted lead">${t('calendars.lead')}</p>
      ${this.renderMessages()}
      ${
        this.staff === null
          ? html`<p class="muted" role="status">${t('app.loading')}</p>`
          : this.staff.length
            ? this.staff.map(
                (member) =>
                  html`<bs-staff-calendars .staffId=${member.id} .heading=${member.name}></bs-staff-calendars>`,
              )
            : html`<p class="card empty">${t('calendars.noStaff')}</p>`
      }`;
  }
}

customElements.define('bs-calendars-section', CalendarsSection);
