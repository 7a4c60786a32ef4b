import type {
  ApiKey,
  ApiKeyCreated,
  BookingEventType,
  Webhook,
  WebhookCreated,
  WebhookDelivery,
} from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { dateTimeIn } from '../dates.ts';
import { type MessageKey, t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formList, formValues } from '../ui/field.ts';

/**
 * The events an endpoint can subscribe to. Written out here so the app does not bundle
 * the contract's zod schemas; the type below fails to compile if the contract gains one.
 */
const BOOKING_EVENT_TYPES = [
  'appointment.created',
  'appointment.confirmed',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.completed',
  'appointment.no_show',
] as const satisfies readonly BookingEventType[];
type MissingEvent = Exclude<BookingEventType, (typeof BOOKING_EVENT_TYPES)[number]>;
const everyEvent: MissingEvent extends never ? true : never = true;
void everyEvent;

const secretStyles = css`
  .secret { background: #fffaeb; border: 1px solid #fedf89; border-radius: 10px; padding: 14px; margin-bottom: 14px; }
  .secret code { display: block; word-break: break-all; margin: 8px 0; font-size: 0.9rem; }
  .list { list-style: none; margin: 0; padding: 0; }
  .list > li { padding: 12px 0; border-top: 1px solid #eceef3; }
  .list > li:first-child { border-top: 0; }
  .line { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: center; justify-content: space-between; }
  .url { word-break: break-all; font-weight: 600; }
  fieldset.plain { border: 0; padding: 0; margin: 8px 0; }
`;

/** Signed outgoing webhooks (Standard Webhooks): endpoints, the secret once, deliveries. */
export class WebhooksSection extends Screen {
  static override properties = {
    ...Screen.properties,
    hooks: { state: true },
    secret: { state: true },
    deliveries: { state: true },
  };

  declare hooks: Webhook[] | null;
  declare secret: string;
  declare deliveries: { id: string; items: WebhookDelivery[] } | null;

  constructor() {
    super();
    this.hooks = null;
    this.secret = '';
    this.deliveries = null;
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
      this.hooks = (
        await api.get<{ data: Webhook[] }>(tenantPath(this.tenantId, '/webhooks'))
      ).data;
    });
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = formValues(form);
    const events = formList(form, 'events');
    const created = await this.attempt(() =>
      api.post<WebhookCreated>(tenantPath(this.tenantId, '/webhooks'), {
        url: values.url,
        ...(events.length ? { events } : {}),
      }),
    );
    if (!created) return;
    form.reset();
    this.secret = created.secret;
    await this.load();
  }

  private async removeHook(hook: Webhook): Promise<void> {
    if (!confirm(t('webhooks.removeConfirm', { url: hook.url }))) return;
    await this.attempt(() => api.delete(tenantPath(this.tenantId, `/webhooks/${hook.id}`)));
    await this.load();
  }

  private async test(hook: Webhook): Promise<void> {
    const ok = await this.attempt(() =>
      api.post(tenantPath(this.tenantId, `/webhooks/${hook.id}/test`)),
    );
    if (ok !== undefined) this.notice = t('webhooks.testSent');
    await this.showDeliveries(hook);
  }

  private async showDeliveries(hook: Webhook): Promise<void> {
    await this.attempt(async () => {
      const page = await api.get<{ data: WebhookDelivery[] }>(
        tenantPath(this.tenantId, `/webhooks/${hook.id}/deliveries`),
      );
      this.deliveries = { id: hook.id, items: page.data };
    });
  }

  override render(): TemplateResult {
    const zone = this.session?.tenant.timezone ?? 'UTC';
    return html`<section class="card" aria-labelledby="wh-title">
      <h2 id="wh-title">${t('settings.webhooks')}</h2>
      <p class="muted">${t('webhooks.lead')}</p>
      ${this.renderMessages()}
      ${
        this.secret
          ? html`<div class="secret" role="status"><strong>${t('webhooks.secretOnce')}</strong><code>${this.secret}</code>
            <button @click=${() => {
              this.secret = '';
            }}>${t('app.done')}</button></div>`
          : nothing
      }
      ${
        this.hooks?.length
          ? html`<ul class="list">${this.hooks.map(
              (hook) => html`<li>
              <div class="line"><span class="url">${hook.url}</span>
                <span class="row">
                  <span class="badge ${hook.enabled ? 'ok' : 'warn'}">${hook.enabled ? t('webhooks.on') : t('webhooks.off')}</span>
                  <button @click=${() => this.test(hook)}>${t('webhooks.test')}</button>
                  <button @click=${() => this.showDeliveries(hook)}>${t('webhooks.deliveries')}</button>
                  <button class="danger" @click=${() => this.removeHook(hook)}>${t('app.remove')}</button>
                </span></div>
              <div class="small muted">${hook.events.join(', ')}</div>
              ${
                this.deliveries?.id === hook.id
                  ? this.deliveries.items.length
                    ? html`<div class="table-wrap"><table>
                      <thead><tr><th scope="col">${t('webhooks.event')}</th><th scope="col">${t('webhooks.status')}</th><th scope="col">${t('webhooks.attempts')}</th><th scope="col">${t('webhooks.when')}</th></tr></thead>
                      <tbody>${this.deliveries.items.map(
                        (item) => html`<tr><td>${item.event_type}</td>
                          <td><span class="badge ${item.status === 'delivered' ? 'ok' : 'warn'}">${item.status}</span> ${item.http_status_code ?? ''}</td>
                          <td>${item.attempts}</td><td>${dateTimeIn(item.created_at, zone)}</td></tr>`,
                      )}</tbody></table></div>`
                    : html`<p class="muted small">${t('webhooks.noDeliveries')}</p>`
                  : nothing
              }
            </li>`,
            )}</ul>`
          : html`<p class="muted">${t('webhooks.none')}</p>`
      }
      <h3>${t('webhooks.add')}</h3>
      <form @submit=${this.add} novalidate>
        ${field({ id: 'wh-url', label: t('webhooks.url'), error: this.fieldError('url'), control: (d, invalid) => html`<input id="wh-url" name="url" type="url" required placeholder="https://" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
        <fieldset class="plain"><legend class="label">${t('webhooks.events')}</legend>
          ${BOOKING_EVENT_TYPES.map((type) => html`<label class="check"><input type="checkbox" name="events" value=${type} checked /> ${type}</label>`)}
        </fieldset>
        <div class="actions"><button class="primary" type="submit">${t('webhooks.addButton')}</button></div>
      </form>
    </section>`;
  }

  static override styles = [Screen.styles, secretStyles];
}

/** API keys for integrations; the key is shown once, stored only as a hash. */
export class ApiKeysSection extends Screen {
  static override properties = {
    ...Screen.properties,
    keys: { state: true },
    created: { state: true },
  };

  declare keys: ApiKey[] | null;
  declare created: string;

  constructor() {
    super();
    this.keys = null;
    this.created = '';
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
      this.keys = (await api.get<{ data: ApiKey[] }>(tenantPath(this.tenantId, '/api-keys'))).data;
    });
  }

  private async add(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = formValues(form);
    const created = await this.attempt(() =>
      api.post<ApiKeyCreated>(tenantPath(this.tenantId, '/api-keys'), {
        name: values.name,
        role: values.role,
      }),
    );
    if (!created) return;
    form.reset();
    this.created = created.api_key;
    await this.load();
  }

  private async revoke(key: ApiKey): Promise<void> {
    if (!confirm(t('apiKeys.revokeConfirm', { name: key.name }))) return;
    await this.attempt(() => api.delete(tenantPath(this.tenantId, `/api-keys/${key.id}`)));
    await this.load();
  }

  override render(): TemplateResult {
    return html`<section class="card" aria-labelledby="keys-title">
      <h2 id="keys-title">${t('settings.apiKeys')}</h2>
      <p class="muted">${t('apiKeys.lead')} <a href="/api/docs">${t('apiKeys.docs')}</a></p>
      ${this.renderMessages()}
      ${
        this.created
          ? html`<div class="secret" role="status"><strong>${t('apiKeys.once')}</strong><code>${this.created}</code>
            <button @click=${() => {
              this.created = '';
            }}>${t('app.done')}</button></div>`
          : nothing
      }
      ${
        this.keys?.length
          ? html`<ul class="list">${this.keys.map(
              (key) => html`<li class="line">
              <span><strong>${key.name}</strong> <code class="muted">${key.key_prefix}…</code> <span class="badge">${t(`role.${key.role}` as MessageKey)}</span></span>
              <button class="danger" @click=${() => this.revoke(key)}>${t('apiKeys.revoke')}</button>
            </li>`,
            )}</ul>`
          : html`<p class="muted">${t('apiKeys.none')}</p>`
      }
      <h3>${t('apiKeys.add')}</h3>
      <form @submit=${this.add} class="grid" novalidate>
        ${field({ id: 'k-name', label: t('apiKeys.name'), error: this.fieldError('name'), control: (d, invalid) => html`<input id="k-name" name="name" required aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
        ${field({
          id: 'k-role',
          label: t('staff.role'),
          control: (d) => html`<select id="k-role" name="role" aria-describedby=${d}>
          <option value="admin">${t('role.admin')}</option><option value="owner">${t('role.owner')}</option></select>`,
        })}
        <div class="actions"><button class="primary" type="submit">${t('apiKeys.create')}</button></div>
      </form>
    </section>`;
  }

  static override styles = [Screen.styles, secretStyles];
}

customElements.define('bs-webhooks-section', WebhooksSection);
customElements.define('bs-api-keys-section', ApiKeysSection);
