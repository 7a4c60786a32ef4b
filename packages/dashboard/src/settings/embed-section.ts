import type { Service, Staff, Widget } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { t } from '../i18n/index.ts';
import { markStepDone, type OnboardingStep } from '../onboarding.ts';
import { Screen } from '../screen.ts';
import { field } from '../ui/field.ts';
import '../ui/widget-preview.ts';

/** The widget record the builder edits; its id tags the funnel figures by widget. */
const WIDGET_NAME = 'Website';

/**
 * `/app/settings/embed`: the booking link and the embed-code builder — inline, popup or
 * floating button, with a service or staff member preselected. The snippet comes from
 * the API's embed-code route (the one place that writes WIDGET.md's snippet), for a
 * widget record this screen keeps in step with the choices.
 */
export class EmbedSection extends Screen {
  static override properties = {
    ...Screen.properties,
    widget: { state: true },
    code: { state: true },
    services: { state: true },
    staff: { state: true },
    copied: { state: true },
  };

  declare widget: Widget | null;
  declare code: string;
  declare services: Service[];
  declare staff: Staff[];
  declare copied: string;

  constructor() {
    super();
    this.widget = null;
    this.code = '';
    this.services = [];
    this.staff = [];
    this.copied = '';
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
      const [widgets, services, staff] = await Promise.all([
        api.get<{ data: Widget[] }>(tenantPath(this.tenantId, '/widgets')),
        api.get<{ data: Service[] }>(tenantPath(this.tenantId, '/services')),
        api.get<{ data: Staff[] }>(tenantPath(this.tenantId, '/staff')),
      ]);
      this.services = services.data;
      this.staff = staff.data;
      this.widget =
        widgets.data.find((widget) => widget.name === WIDGET_NAME) ??
        (await api.post<Widget>(tenantPath(this.tenantId, '/widgets'), {
          name: WIDGET_NAME,
          widget_type: 'inline',
        }));
      await this.refreshCode();
    });
  }

  private async refreshCode(): Promise<void> {
    if (!this.widget) return;
    const code = await api.get<{ html: string }>(
      tenantPath(this.tenantId, `/widgets/${this.widget.id}/embed-code`),
    );
    this.code = code.html;
  }

  private async change(patch: Record<string, unknown>): Promise<void> {
    const widget = this.widget;
    if (!widget) return;
    await this.attempt(async () => {
      this.widget = await api.put<Widget>(
        tenantPath(this.tenantId, `/widgets/${widget.id}`),
        patch,
      );
      await this.refreshCode();
    });
  }

  private async copy(text: string, step: OnboardingStep): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard refused (insecure context, permissions): select the text instead.
      const target = this.renderRoot.querySelector<HTMLElement>(
        step === 'embed' ? '[data-testid="embed-code"]' : '[data-testid="booking-link"]',
      );
      if (target) getSelection()?.selectAllChildren(target);
    }
    this.copied = step;
    const session = this.session;
    if (session) {
      await markStepDone(session.tenant, step).catch(() => undefined);
      await session.refresh().catch(() => undefined);
    }
  }

  override render(): TemplateResult {
    const tenant = this.session?.tenant;
    if (!tenant) return html``;
    const link = `${location.origin}/${tenant.subdomain}`;
    const widget = this.widget;
    const label = typeof widget?.theme.label === 'string' ? widget.theme.label : '';
    return html`
      ${this.renderMessages()}
      <section class="card" aria-labelledby="link-title">
        <h2 id="link-title">${t('embed.linkTitle')}</h2>
        <p class="muted">${t('embed.linkLead')}</p>
        <div class="copy-row">
          <a class="link-box" data-testid="booking-link" href=${link} target="_blank" rel="noopener">${link}</a>
          <button @click=${() => this.copy(link, 'link')}>${this.copied === 'link' ? t('embed.copied') : t('embed.copyLink')}</button>
        </div>
      </section>
      <div class="split">
        <section class="card" aria-labelledby="code-title">
          <h2 id="code-title">${t('embed.codeTitle')}</h2>
          <p class="muted">${t('embed.codeLead')}</p>
          ${
            widget
              ? html`<fieldset class="plain">
                  <legend class="label">${t('embed.mode')}</legend>
                  <div class="modes">
                    ${(['inline', 'popup', 'button'] as const).map(
                      (mode) => html`<label class="mode ${widget.widget_type === mode ? 'on' : ''}">
                        <input type="radio" name="mode" value=${mode} .checked=${widget.widget_type === mode} @change=${() => this.change({ widget_type: mode })} />
                        <span><strong>${t(`embed.mode.${mode}`)}</strong><span class="small muted">${t(`embed.mode.${mode}.hint`)}</span></span>
                      </label>`,
                    )}
                  </div>
                </fieldset>
                <div class="grid">
                  ${field({
                    id: 'e-service',
                    label: t('embed.service'),
                    control: (
                      d,
                    ) => html`<select id="e-service" aria-describedby=${d} @change=${(event: Event) => this.change({ preselected_service_id: (event.target as HTMLSelectElement).value || null })}>
                      <option value="">${t('embed.anyService')}</option>
                      ${this.services.map((service) => html`<option value=${service.id} ?selected=${widget.preselected_service_id === service.id}>${service.name}</option>`)}
                    </select>`,
                  })}
                  ${field({
                    id: 'e-staff',
                    label: t('embed.staff'),
                    control: (
                      d,
                    ) => html`<select id="e-staff" aria-describedby=${d} @change=${(event: Event) => this.change({ preselected_staff_id: (event.target as HTMLSelectElement).value || null })}>
                      <option value="">${t('embed.anyStaff')}</option>
                      ${this.staff.map((member) => html`<option value=${member.id} ?selected=${widget.preselected_staff_id === member.id}>${member.name}</option>`)}
                    </select>`,
                  })}
                  ${
                    widget.widget_type === 'inline'
                      ? nothing
                      : field({
                          id: 'e-label',
                          label: t('embed.buttonLabel'),
                          control: (
                            d,
                          ) => html`<input id="e-label" .value=${label} placeholder=${t('embed.buttonLabelDefault')} aria-describedby=${d}
                          @change=${(event: Event) => this.change({ theme: { ...widget.theme, label: (event.target as HTMLInputElement).value || undefined } })} />`,
                        })
                  }
                </div>
                <h3 class="code-head">${t('embed.snippet')}</h3>
                <pre data-testid="embed-code">${this.code}</pre>
                <div class="actions">
                  <button class="primary" @click=${() => this.copy(this.code, 'embed')}>${this.copied === 'embed' ? t('embed.copied') : t('embed.copyCode')}</button>
                </div>
                <p class="small muted">${t('embed.domainsNote')} <a href="/app/settings/booking-page">${t('settings.allowedDomains')}</a></p>`
              : html`<p class="muted" role="status">${t('app.loading')}</p>`
          }
        </section>
        <aside class="card" aria-labelledby="embed-preview">
          <h2 id="embed-preview">${t('settings.preview')}</h2>
          <bs-widget-preview .tenant=${tenant.subdomain} .service=${widget?.preselected_service_id ?? undefined} .staff=${widget?.preselected_staff_id ?? undefined}></bs-widget-preview>
        </aside>
      </div>
    `;
  }

  static override styles = [
    Screen.styles,
    css`
      .copy-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
      .link-box { flex: 1 1 260px; min-height: 44px; display: flex; align-items: center; padding: 0 12px; border: 1px solid var(--bs-border); border-radius: 8px; background: #f8f9fc; word-break: break-all; }
      .split { display: grid; grid-template-columns: minmax(0, 1.1fr) minmax(0, 1fr); gap: 16px; align-items: start; }
      @media (max-width: 980px) { .split { grid-template-columns: minmax(0, 1fr); } }
      fieldset.plain { border: 0; padding: 0; margin: 0 0 12px; }
      .modes { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 8px; }
      @media (max-width: 560px) { .modes { grid-template-columns: minmax(0, 1fr); } }
      .mode { display: flex; gap: 10px; align-items: flex-start; border: 1px solid var(--bs-border); border-radius: 10px; padding: 12px; cursor: pointer; font-weight: 400; }
      .mode.on { border-color: var(--bs-accent); background: var(--bs-accent-soft); }
      .mode span { display: flex; flex-direction: column; }
      .code-head { margin-top: 16px; }
    `,
  ];
}

customElements.define('bs-embed-section', EmbedSection);
