import type { PaymentSettings } from '@booksprintz/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';

/**
 * Stripe for deposits (DESIGN §5): the business's own keys; secrets are write-only
 * (shown as "set, ending 4242"), and the webhook URL to give Stripe is shown here.
 */
export class PaymentsSection extends Screen {
  static override properties = { ...Screen.properties, settings: { state: true } };

  declare settings: PaymentSettings | null;

  constructor() {
    super();
    this.settings = null;
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.attempt(async () => {
      this.settings = await api.get<PaymentSettings>(
        tenantPath(this.tenantId, '/payment-settings'),
      );
    });
  }

  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = formValues(form);
    const body: Record<string, unknown> = {
      provider: 'stripe',
      cancellation_window_hours: Number(values.cancellation_window_hours),
    };
    // Empty secret fields keep what is stored; only typed values are sent.
    if (values.publishable_key) body.publishable_key = values.publishable_key.trim();
    if (values.secret_key) body.secret_key = values.secret_key.trim();
    if (values.webhook_secret) body.webhook_secret = values.webhook_secret.trim();
    const saved = await this.attempt(() =>
      api.put<PaymentSettings>(tenantPath(this.tenantId, '/payment-settings'), body),
    );
    if (saved) {
      this.settings = saved;
      form.reset();
      this.notice = t('settings.saved');
    }
  }

  override render(): TemplateResult {
    const settings = this.settings;
    return html`<section class="card" aria-labelledby="pay-title">
      <h2 id="pay-title">${t('settings.payments')}</h2>
      <p class="muted">${t('payments.lead')}</p>
      ${this.renderMessages()}
      ${
        settings
          ? html`<p>
              ${
                settings.deposits_possible
                  ? html`<span class="badge ok">${t('payments.ready')}</span>`
                  : html`<span class="badge warn">${t('payments.notReady')}</span>`
              }
              ${settings.livemode === false ? html`<span class="badge">${t('payments.testMode')}</span>` : nothing}
            </p>
            <form @submit=${this.save} novalidate>
              <div class="stack">
                ${field({ id: 'pk', label: t('payments.publishable'), error: this.fieldError('publishable_key'), control: (d, invalid) => html`<input id="pk" name="publishable_key" autocomplete="off" placeholder=${settings.publishable_key ?? 'pk_test_…'} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
                ${field({
                  id: 'sk',
                  label: t('payments.secret'),
                  hint: settings.secret_key_set
                    ? t('payments.secretSet', { last4: settings.secret_key_last4 ?? '' })
                    : t('payments.secretHint'),
                  error: this.fieldError('secret_key'),
                  control: (d, invalid) =>
                    html`<input id="sk" name="secret_key" type="password" autocomplete="off" placeholder="sk_test_…" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
                })}
                ${field({
                  id: 'whsec',
                  label: t('payments.webhookSecret'),
                  hint: t('payments.webhookHint', { url: settings.webhook_url }),
                  error: this.fieldError('webhook_secret'),
                  control: (d, invalid) =>
                    html`<input id="whsec" name="webhook_secret" type="password" autocomplete="off" placeholder=${settings.webhook_secret_set ? '••••••••' : 'whsec_…'} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />`,
                })}
                ${field({ id: 'cw', label: t('settings.cancelWindow'), hint: t('settings.cancelWindowHint'), control: (d) => html`<input id="cw" name="cancellation_window_hours" type="number" min="0" max="720" .value=${String(settings.cancellation_window_hours)} aria-describedby=${d} />` })}
              </div>
              <div class="actions"><button class="primary" type="submit">${t('app.save')}</button></div>
            </form>`
          : this.error
            ? nothing
            : html`<p class="muted" role="status">${t('app.loading')}</p>`
      }
    </section>`;
  }
}

customElements.define('bs-payments-section', PaymentsSection);
