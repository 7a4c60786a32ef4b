import type { Plan } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';

/** The API's "no limit" (enterprise). */
const UNLIMITED = 1_000_000;
const TIERS = ['free', 'starter', 'professional', 'enterprise'] as const;
/** Subscriptions that pay for their tier (Stripe retries a past-due card). */
const PAYING = new Set(['active', 'trialing', 'past_due']);

/**
 * Settings → Plan: the plan, its limits and what is used of them. Standalone owners
 * change it here — through Stripe Checkout ("Upgrade") and the billing portal ("Manage
 * billing") when the platform bills, directly when it does not; integrated businesses
 * are sent to SiteSprintz.
 */
export class PlanSection extends Screen {
  static override properties = {
    ...Screen.properties,
    plan: { state: true },
    busy: { state: true },
  };

  declare plan: Plan | null;
  declare busy: boolean;

  constructor() {
    super();
    this.plan = null;
    this.busy = false;
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load().then(() => this.afterCheckout());
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      this.plan = await api.get<Plan>(tenantPath(this.tenantId, '/plan'));
    });
  }

  /** Back from Stripe: say so, and pick up the tier once Stripe's webhook has set it. */
  private async afterCheckout(): Promise<void> {
    const outcome = this.route?.query.get('checkout');
    if (outcome === 'cancelled') {
      this.notice = t('plan.checkoutCancelled');
      return;
    }
    if (outcome !== 'success') return;
    for (let attempt = 0; attempt < 5 && !this.paying(); attempt++) {
      this.notice = t('plan.checkoutPending');
      await new Promise((resolve) => setTimeout(resolve, 2000));
      await this.load();
    }
    this.notice = this.paying() ? t('plan.changed') : t('plan.checkoutPending');
  }

  private paying(): boolean {
    return PAYING.has(this.plan?.subscription_status ?? '');
  }

  /** Sends the browser to the Stripe page the API made. */
  private async redirect(path: string, body: unknown = {}): Promise<void> {
    this.busy = true;
    const answer = await this.attempt(() =>
      api.post<{ url: string }>(tenantPath(this.tenantId, path), body),
    );
    this.busy = false;
    if (answer?.url) location.assign(answer.url);
  }

  private async switchTo(tier: string): Promise<void> {
    this.busy = true;
    const plan = await this.attempt(() =>
      api.put<Plan>(tenantPath(this.tenantId, '/plan'), { tier }),
    );
    this.busy = false;
    if (!plan) return;
    this.plan = plan;
    await this.session?.refresh();
    this.notice = t('plan.changed');
  }

  private tierAction(plan: Plan, tier: (typeof TIERS)[number]): TemplateResult | typeof nothing {
    const name = t(`plan.tier.${tier}` as MessageKey);
    if (tier === plan.tier) return html`<span class="badge ok">${t('plan.currentBadge')}</span>`;
    if (plan.change_via === 'direct') {
      return html`<button ?disabled=${this.busy} @click=${() => this.switchTo(tier)}
        aria-label=${t('plan.switchTo', { tier: name })}>${t('plan.switch')}</button>`;
    }
    if (plan.change_via === 'checkout' && tier !== 'free' && !this.paying()) {
      return html`<button class="primary" ?disabled=${this.busy}
        @click=${() => this.redirect('/plan/checkout', { tier })}
        aria-label=${t('plan.upgradeTo', { tier: name })}>${t('plan.upgrade')}</button>`;
    }
    return nothing;
  }

  private renderTiers(plan: Plan): TemplateResult {
    if (plan.managed_by === 'platform') {
      return html`<p class="muted">${t('plan.managedByPlatform')}</p>`;
    }
    const billing =
      plan.change_via === 'checkout' && plan.subscription_status
        ? html`<div class="billing row">
            <p class="muted">${t(this.paying() ? 'plan.billedLead' : 'plan.billingEnded')}
              ${plan.subscription_status === 'past_due' ? html`<span class="badge warn">${t('plan.pastDue')}</span>` : nothing}</p>
            <button ?disabled=${this.busy} @click=${() => this.redirect('/plan/portal')}>${t('plan.manageBilling')}</button>
          </div>`
        : nothing;
    return html`<h3 id="plan-change">${t('plan.change')}</h3>
      ${billing}
      <ul class="tiers" aria-labelledby="plan-change">
        ${TIERS.map(
          (tier) => html`<li class=${tier === plan.tier ? 'current' : ''}>
            <strong>${t(`plan.tier.${tier}` as MessageKey)}</strong>
            <span class="muted small">${t(`plan.blurb.${tier}` as MessageKey)}</span>
            <span class="tier-action">${this.tierAction(plan, tier)}</span>
          </li>`,
        )}
      </ul>`;
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
            ${this.renderTiers(plan)}`
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
      .usage { list-style: none; padding: 0; margin: 0 0 20px; }
      .usage li { display: grid; grid-template-columns: 140px 1fr 160px; gap: 12px; align-items: center; padding: 8px 0; border-top: 1px solid #eceef3; }
      meter { width: 100%; height: 12px; }
      .billing { justify-content: space-between; margin-bottom: 12px; }
      .billing p { margin: 0; }
      .tiers { list-style: none; padding: 0; margin: 0; display: grid; gap: 12px; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); }
      .tiers li { display: flex; flex-direction: column; gap: 6px; padding: 16px; border: 1px solid var(--bs-border); border-radius: var(--bs-radius); }
      .tiers li.current { border-color: var(--bs-accent); box-shadow: 0 0 0 1px var(--bs-accent); background: var(--bs-accent-soft); }
      .tier-action { margin-top: auto; padding-top: 8px; }
      .tier-action button { width: 100%; }
      @media (max-width: 560px) { .usage li { grid-template-columns: 1fr 1fr; } meter { grid-column: 1 / -1; } }
    `,
  ];
}

customElements.define('bs-plan-section', PlanSection);
