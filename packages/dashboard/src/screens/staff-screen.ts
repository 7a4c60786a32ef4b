import type { Staff } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { Screen } from '../screen.ts';
import { canManage } from '../session.ts';
import { field, formValues } from '../ui/field.ts';

/** `/app/staff`: the team members customers book with; staff users go to their own page. */
export class StaffScreen extends Screen {
  static override properties = { ...Screen.properties, staff: { state: true } };

  declare staff: Staff[] | null;

  constructor() {
    super();
    this.staff = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const session = this.session;
    if (session && !canManage(session) && session.staffId) {
      navigate(`/app/staff/${session.staffId}`, { replace: true });
      return;
    }
    void this.load();
  }

  private async load(): Promise<void> {
    const tenantId = this.session?.tenant.id ?? '';
    await this.attempt(async () => {
      this.staff = (await api.get<{ data: Staff[] }>(tenantPath(tenantId, '/staff'))).data;
    });
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = formValues(form);
    const tenantId = this.session?.tenant.id ?? '';
    const created = await this.attempt(() =>
      api.post<Staff>(tenantPath(tenantId, '/staff'), {
        name: values.name,
        email: values.email || null,
        title: values.title || null,
      }),
    );
    if (!created) return;
    // New staff start with the business's usual week, so they are bookable at once.
    await this.attempt(async () => {
      for (const day of [1, 2, 3, 4, 5]) {
        await api.post(tenantPath(tenantId, '/availability-rules'), {
          staff_id: created.id,
          rule_type: 'recurring',
          day_of_week: day,
          start_time: '09:00',
          end_time: '17:00',
        });
      }
    });
    navigate(`/app/staff/${created.id}`);
  }

  override render(): TemplateResult {
    return html`
      <div class="page-head">
        <div><h1>${t('staff.title')}</h1><p class="muted">${t('staff.lead')}</p></div>
      </div>
      ${this.renderMessages()}
      <section class="card">
        ${
          this.staff === null
            ? html`<p class="muted" role="status">${t('app.loading')}</p>`
            : html`<div class="table-wrap"><table class="stacked">
              <thead><tr><th scope="col">${t('staff.name')}</th><th scope="col">${t('staff.role')}</th><th scope="col">${t('staff.email')}</th></tr></thead>
              <tbody>
                ${this.staff.map(
                  (member) => html`<tr>
                    <td class="who"><a class="row-link" href="/app/staff/${member.id}"><strong>${member.name}</strong></a>
                      ${member.title ? html`<div class="muted small">${member.title}</div>` : nothing}</td>
                    <td class="role"><span class="badge">${t(`role.${member.role}` as MessageKey)}</span></td>
                    <td class="muted email">${member.email ?? ''}</td>
                  </tr>`,
                )}
              </tbody>
            </table></div>`
        }
      </section>
      <section class="card" aria-labelledby="add-staff">
        <h2 id="add-staff">${t('staff.add')}</h2>
        <form @submit=${this.add} novalidate>
          <div class="grid">
            ${field({ id: 'new-name', label: t('staff.name'), error: this.fieldError('name'), control: (d, invalid) => html`<input id="new-name" name="name" required aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
            ${field({ id: 'new-title', label: t('staff.jobTitle'), control: (d) => html`<input id="new-title" name="title" aria-describedby=${d} />` })}
            ${field({ id: 'new-email', label: t('staff.email'), error: this.fieldError('email'), control: (d, invalid) => html`<input id="new-email" name="email" type="email" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
          </div>
          <div class="actions"><button class="primary" type="submit">${t('staff.addButton')}</button></div>
        </form>
      </section>
    `;
  }

  static override styles = [
    Screen.styles,
    css`
      /* A phone: the name and role on one line, the e-mail address under them. */
      @media (max-width: 560px) {
        tr { display: grid; grid-template-columns: 1fr auto; gap: 4px 8px; align-items: start; }
        td.email { grid-column: 1 / -1; overflow-wrap: anywhere; }
        td.email:empty { display: none; }
      }
    `,
  ];
}

customElements.define('bs-staff-screen', StaffScreen);
