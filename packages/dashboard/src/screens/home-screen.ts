import type { AdminAppointment, Service } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { timeIn, todayIn } from '../dates.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { isStepDone, type OnboardingStep } from '../onboarding.ts';
import { Screen } from '../screen.ts';
import { canManage } from '../session.ts';
import '../ui/widget-preview.ts';

interface Step {
  key: string;
  title: MessageKey;
  body: MessageKey;
  href: string;
  action: MessageKey;
  done: boolean;
}

/**
 * `/app`: today at a glance, what needs the owner (pending approvals), and until it is
 * all done, the checklist that ends with a bookable page: first service, hours,
 * branding, booking link, embed code — with the widget previewed live beside it.
 */
export class HomeScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    services: { state: true },
    today: { state: true },
    pending: { state: true },
  };

  declare services: Service[] | null;
  declare today: AdminAppointment[] | null;
  declare pending: number;

  constructor() {
    super();
    this.services = null;
    this.today = null;
    this.pending = 0;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const tenantId = session.tenant.id;
    const day = todayIn(session.tenant.timezone);
    const mine = session.role === 'staff' && session.staffId ? `&staff_id=${session.staffId}` : '';
    await this.attempt(async () => {
      const [services, today, pending] = await Promise.all([
        api.get<{ data: Service[] }>(tenantPath(tenantId, '/services')),
        api.get<{ data: AdminAppointment[] }>(
          tenantPath(tenantId, `/appointments?start_date=${day}&end_date=${day}&limit=100${mine}`),
        ),
        api.get<{ data: AdminAppointment[] }>(
          tenantPath(tenantId, `/appointments?status=pending&limit=100${mine}`),
        ),
      ]);
      this.services = services.data;
      this.today = today.data.filter((item) => item.status !== 'cancelled');
      this.pending = pending.data.length;
    });
  }

  private steps(): Step[] {
    const session = this.session;
    if (!session) return [];
    const tenant = session.tenant;
    const done = (step: OnboardingStep) => isStepDone(tenant, step);
    return [
      {
        key: 'service',
        title: 'home.stepService',
        body: 'home.stepServiceBody',
        href: '/app/services?new=1',
        action: 'home.stepServiceAction',
        done: (this.services?.length ?? 0) > 0,
      },
      {
        key: 'hours',
        title: 'home.stepHours',
        body: 'home.stepHoursBody',
        href: session.staffId ? `/app/staff/${session.staffId}` : '/app/staff',
        action: 'home.stepHoursAction',
        done: done('hours'),
      },
      {
        key: 'branding',
        title: 'home.stepBranding',
        body: 'home.stepBrandingBody',
        href: '/app/settings/branding',
        action: 'home.stepBrandingAction',
        done: done('branding'),
      },
      {
        key: 'link',
        title: 'home.stepLink',
        body: 'home.stepLinkBody',
        href: '/app/settings/embed',
        action: 'home.stepLinkAction',
        done: done('link'),
      },
      {
        key: 'embed',
        title: 'home.stepEmbed',
        body: 'home.stepEmbedBody',
        href: '/app/settings/embed',
        action: 'home.stepEmbedAction',
        done: done('embed'),
      },
    ];
  }

  override render(): TemplateResult {
    const session = this.session;
    if (!session) return html``;
    const tenant = session.tenant;
    const steps = canManage(session) ? this.steps() : [];
    const remaining = steps.filter((step) => !step.done).length;
    return html`
      <div class="page-head">
        <div>
          <h1>${t('home.title', { name: session.user.name || tenant.business_name })}</h1>
          <p class="muted">${t('home.lead')}</p>
        </div>
        <a class="button" href="/${tenant.subdomain}" target="_blank" rel="noopener">${t('home.viewPage')}</a>
      </div>
      ${this.renderMessages()}
      ${
        this.pending > 0
          ? html`<p class="attention card" role="status">
            <strong>${t('home.pending', { count: this.pending })}</strong>
            <a href="/app/appointments?status=pending">${t('home.review')}</a>
          </p>`
          : nothing
      }
      <div class="columns">
        <div>
          ${
            steps.length && this.services !== null && remaining > 0
              ? html`<section class="card" aria-labelledby="setup-title">
                <h2 id="setup-title">${t('home.setupTitle')}</h2>
                <p class="muted small">${t('home.setupProgress', { done: steps.length - remaining, total: steps.length })}</p>
                <div class="progress" role="progressbar" aria-labelledby="setup-title" aria-valuemin="0" aria-valuemax=${steps.length} aria-valuenow=${steps.length - remaining}>
                  <span style="width:${((steps.length - remaining) / steps.length) * 100}%"></span>
                </div>
                <ol class="checklist">
                  ${steps.map(
                    (step) => html`<li class=${step.done ? 'done' : ''}>
                      <span class="tick" aria-hidden="true">${step.done ? '✓' : ''}</span>
                      <div>
                        <h3>${t(step.title)} ${step.done ? html`<span class="visually-hidden">(${t('home.done')})</span>` : nothing}</h3>
                        <p class="muted small">${t(step.body)}</p>
                      </div>
                      ${step.done ? nothing : html`<a class="button" href=${step.href}>${t(step.action)}</a>`}
                    </li>`,
                  )}
                </ol>
              </section>`
              : nothing
          }
          <section class="card" aria-labelledby="today-title">
            <h2 id="today-title">${t('home.today')}</h2>
            ${
              this.today === null
                ? html`<p class="muted" role="status">${t('app.loading')}</p>`
                : this.today.length === 0
                  ? html`<p class="empty">${t('home.nothingToday')}</p>`
                  : html`<ul class="today">
                    ${this.today.map(
                      (item) => html`<li>
                        <span class="time">${timeIn(item.start_time, tenant.timezone)}</span>
                        <span><strong>${item.customer_name}</strong>
                          <span class="muted small">${this.serviceName(item.service_id)}</span></span>
                        <span class="badge ${item.status === 'confirmed' ? 'ok' : item.status === 'pending' ? 'warn' : ''}">${t(`status.${item.status}` as MessageKey)}</span>
                      </li>`,
                    )}
                  </ul>`
            }
          </section>
        </div>
        ${
          canManage(session)
            ? html`<aside class="card preview" aria-labelledby="preview-title">
              <h2 id="preview-title">${t('home.previewTitle')}</h2>
              <p class="muted small">${t('home.previewLead')}</p>
              ${
                (this.services?.length ?? 0) > 0
                  ? html`<bs-widget-preview .tenant=${tenant.subdomain}></bs-widget-preview>`
                  : html`<p class="empty">${t('home.previewEmpty')}</p>`
              }
            </aside>`
            : nothing
        }
      </div>
    `;
  }

  private serviceName(id: string): string {
    return this.services?.find((service) => service.id === id)?.name ?? '';
  }

  static override styles = [
    Screen.styles,
    css`
      .columns { display: grid; grid-template-columns: minmax(0, 1.3fr) minmax(0, 1fr); gap: 16px; align-items: start; }
      @media (max-width: 980px) { .columns { grid-template-columns: minmax(0, 1fr); } }
      .attention { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; justify-content: space-between; border-color: #fedf89; background: #fffcf5; }
      .progress { height: 8px; background: #eceef3; border-radius: 99px; overflow: hidden; margin-bottom: 12px; }
      .progress span { display: block; height: 100%; background: var(--bs-accent); }
      .checklist { list-style: none; margin: 0; padding: 0; }
      .checklist li { display: grid; grid-template-columns: 28px minmax(0, 1fr) auto; gap: 12px; align-items: center; padding: 12px 0; border-top: 1px solid #eceef3; }
      .checklist h3 { margin: 0; font-size: 0.975rem; }
      .checklist p { margin: 2px 0 0; }
      .checklist li.done h3 { color: var(--bs-muted); text-decoration: line-through; }
      .tick { width: 26px; height: 26px; border-radius: 50%; border: 2px solid var(--bs-border); display: grid; place-items: center; font-size: 0.85rem; color: #fff; }
      .done .tick { background: var(--bs-ok); border-color: var(--bs-ok); }
      @media (max-width: 560px) {
        .checklist li { grid-template-columns: 28px minmax(0, 1fr); }
        .checklist .button { grid-column: 2; justify-self: start; }
      }
      .today { list-style: none; margin: 0; padding: 0; }
      .today li { display: grid; grid-template-columns: 80px minmax(0, 1fr) auto; gap: 12px; align-items: center; padding: 10px 0; border-top: 1px solid #eceef3; }
      .today .time { font-weight: 700; font-variant-numeric: tabular-nums; }
      .today .muted { display: block; }
    `,
  ];
}

customElements.define('bs-home-screen', HomeScreen);
