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

interface Plan {
  tier: string;
  limits: { max_staff: number; max_services: number; max_locations: number };
  usage: { staff: number; services: number; locations: number };
  /** Who changes the plan: the owner here, or SiteSprintz for integrated businesses. */
  managed_by: 'platform' | 'owner';
  change_via: 'checkout' | 'direct' | 'platform';
}

/** The API's "no limit" (enterprise). */
const UNLIMITED = 1_000_000;
const TIERS = ['free', 'starter', 'professional', 'enterprise'];

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
        <div class="actions"><button class="primary" type="submit">${t('team.send')}</button></div>
      </form>
    </section>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .members { list-style: none; margin: 0 0 12px; padding: 0; }
      .members li { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 10px 0; border-top: 1px solid #eceef3; }
      .members .small { display: block; }
    `,
  ];
}

/** The plan, its limits and what is used of them; standalone owners change it here. */
export class PlanSection extends Screen {
  static override properties = { ...Screen.properties, plan: { state: true } };

  declare plan: Plan | null;

  constructor() {
    super();
    this.plan = null;
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
      this.plan = await api.get<Plan>(tenantPath(this.tenantId, '/plan'));
    });
  }

  private async choose(tier: string): Promise<void> {
    const answer = await this.attempt(() =>
      api.post<{ url?: string } & Partial<Plan>>(tenantPath(this.tenantId, '/plan'), { tier }),
    );
    if (!answer) return;
    if (answer.url) {
      location.assign(answer.url);
      return;
    }
    await this.session?.refresh();
    await this.load();
    this.notice = t('plan.changed');
  }

  override render(): TemplateResult {
    const plan = this.plan;
    const limits: Array<['staff' | 'services' | 'locations', MessageKey]> = [
      ['staff', 'plan.staff'],
      ['services', 'plan.services'],
      ['locations', 'plan.locations'],
    ];
    return html`<section class="card" aria-labelledby="plan-title">
      <h2 id="plan-title">${t('settings.plan')}</h2>
      ${this.renderMessages()}
      ${
        plan
          ? html`<p>${t('plan.current')} <strong class="tier">${t(`plan.tier.${plan.tier}` as MessageKey)}</strong></p>
            <ul class="usage">${limits.map(([key, label]) => {
              const raw = plan.limits[`max_${key}`];
              const limit = raw >= UNLIMITED ? null : raw;
              const used = plan.usage[key];
              return html`<li><span>${t(label)}</span>
                <span class="muted">${limit == null ? t('plan.usedUnlimited', { used }) : t('plan.used', { used, limit })}</span>
                ${limit != null ? html`<meter min="0" max=${limit} value=${used} aria-label=${t(label)}></meter>` : nothing}</li>`;
            })}</ul>
            ${
              plan.managed_by === 'platform'
                ? html`<p class="muted">${t('plan.managedByPlatform')}</p>`
                : html`<h3>${t('plan.change')}</h3><div class="row">
                  ${TIERS.map(
                    (tier) =>
                      html`<button ?disabled=${tier === plan.tier} class=${tier === plan.tier ? '' : 'primary'} @click=${() => this.choose(tier)}>${t(`plan.tier.${tier}` as MessageKey)}</button>`,
                  )}</div>`
            }`
          : this.error
            ? nothing
            : html`<p class="muted" role="status">${t('app.loading')}</p>`
      }
    </section>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .tier { text-transform: capitalize; }
      .usage { list-style: none; padding: 0; margin: 0 0 16px; }
      .usage li { display: grid; grid-template-columns: 140px 1fr 160px; gap: 12px; align-items: center; padding: 8px 0; border-top: 1px solid #eceef3; }
      meter { width: 100%; height: 12px; }
      @media (max-width: 560px) { .usage li { grid-template-columns: 1fr 1fr; } meter { grid-column: 1 / -1; } }
    `,
  ];
}

customElements.define('bs-team-section', TeamSection);
customElements.define('bs-plan-section', PlanSection);
