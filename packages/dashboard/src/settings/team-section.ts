import type { Staff } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';

/** A pending invitation (`GET …/invitations`). */
interface Member {
  id: string;
  email: string;
  role: string;
  staff_id?: string | null;
  expires_at?: string;
}

/** Who can sign in to this business, and invitations by e-mail (roles as API keys). */
export class TeamSection extends Screen {
  static override properties = {
    ...Screen.properties,
    members: { state: true },
    staff: { state: true },
    role: { state: true },
  };

  declare members: Member[] | null;
  declare staff: Staff[];
  declare role: string;

  constructor() {
    super();
    this.members = null;
    this.staff = [];
    this.role = 'admin';
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      const [members, staff] = await Promise.all([
        api.get<{ data: Member[] }>(tenantPath(this.tenantId, '/invitations')),
        api.get<{ data: Staff[] }>(tenantPath(this.tenantId, '/staff')),
      ]);
      this.members = members.data;
      this.staff = staff.data;
    });
  }

  private async invite(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = formValues(form);
    const ok = await this.attempt(() =>
      api.post(tenantPath(this.tenantId, '/invitations'), {
        email: values.email,
        role: values.role,
        ...(values.role === 'staff' ? { staff_id: values.staff_id } : {}),
      }),
    );
    if (ok !== undefined || !this.error) {
      form.reset();
      this.role = 'admin';
      this.notice = t('team.invited', { email: values.email ?? '' });
      await this.load();
    }
  }

  override render(): TemplateResult {
    return html`<section class="card" aria-labelledby="team-title">
      <h2 id="team-title">${t('settings.team')}</h2>
      <p class="muted">${t('team.lead')}</p>
      ${this.renderMessages()}
      ${
        this.members?.length
          ? html`<h3>${t('team.pending')}</h3><ul class="members">${this.members.map(
              (member) => html`<li><span><strong>${member.email}</strong></span>
              <span class="badge">${t(`role.${member.role}` as MessageKey)}</span></li>`,
            )}</ul>`
          : nothing
      }
      <h3>${t('team.invite')}</h3>
      <form @submit=${this.invite} class="grid" novalidate>
        ${field({ id: 't-email', label: t('auth.email'), error: this.fieldError('email'), control: (d, invalid) => html`<input id="t-email" name="email" type="email" required aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
        ${field({
          id: 't-role',
          label: t('staff.role'),
          hint: t(`team.roleHint.${this.role}` as MessageKey),
          control: (d) => html`<select id="t-role" name="role" aria-describedby=${d} @change=${(
            event: Event,
          ) => {
            this.role = (event.target as HTMLSelectElement).value;
          }}>
          ${['admin', 'staff', 'owner'].map((role) => html`<option value=${role} ?selected=${this.role === role}>${t(`role.${role}` as MessageKey)}</option>`)}
        </select>`,
        })}
        ${
          this.role === 'staff'
            ? field({
                id: 't-staff',
                label: t('team.staffMember'),
                error: this.fieldError('staff_id'),
                control: (d) => html`<select id="t-staff" name="staff_id" aria-describedby=${d}>
              ${this.staff.map((member) => html`<option value=${member.id}>${member.name}</option>`)}
            </select>`,
              })
            : nothing
        }
        <div class="actions send"><button class="primary" type="submit">${t('team.send')}</button></div>
      </form>
    </section>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .members { list-style: none; margin: 0 0 12px; padding: 0; }
      .members li { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 10px 0; border-top: 1px solid #eceef3; }
      .members .small { display: block; }
      /* Level with the fields (below their labels), not stretched to the row's height. */
      .send { align-self: start; justify-content: flex-start; margin-top: 0; padding-top: 25px; }
      @media (max-width: 560px) { .send { padding-top: 0; } .send button { width: 100%; } }
    `,
  ];
}

customElements.define('bs-team-section', TeamSection);

// The plan section lives in its own module; loaded with the team's, as before.
export { PlanSection } from './plan-section.ts';
