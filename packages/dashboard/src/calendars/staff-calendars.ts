import type { ConnectionResponse } from '@booksprintz/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { locale, type MessageKey, t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { canManage } from '../session.ts';
import { field, formValues } from '../ui/field.ts';
import { connectionItem, providerLabel } from './connection-item.ts';
import { staffCalendarsStyles } from './staff-calendars.styles.ts';

type Provider = 'ics' | 'caldav' | 'google' | 'microsoft';

/** `key.one` or `key.other` by the language's plural rule (French counts 0 as one). */
function counted(key: 'calendars.connected' | 'calendars.resynced', count: number): string {
  const form = new Intl.PluralRules(locale()).select(count) === 'one' ? 'one' : 'other';
  return t(`${key}.${form}` as MessageKey, { count });
}

/** `POST …/calendar-connections` answers the connection, or for OAuth providers where to consent. */
type Created = ConnectionResponse | { connection: ConnectionResponse; authorization_url: string };

/**
 * One staff member's calendars (API.md "Calendar connections and feeds"): the connections
 * with their calendars and choices, the ways to connect one, and the secret feed of the
 * member's bookings. Used on Settings → Calendars (once per member) and on the member's
 * own page. Staff-role users see only their feed: connections are the owner's to manage.
 *
 * @example
 * html`<bs-staff-calendars .staffId=${id} .heading=${name}></bs-staff-calendars>`
 */
export class StaffCalendars extends Screen {
  static override properties = {
    ...Screen.properties,
    staffId: { attribute: 'staff-id' },
    heading: {},
    connections: { state: true },
    feedUrl: { state: true },
    form: { state: true },
    busy: { state: true },
  };

  declare staffId: string;
  declare heading: string;
  declare connections: ConnectionResponse[] | null;
  declare feedUrl: string;
  /** Which connect form is open. */
  declare form: 'ics' | 'caldav' | null;
  /** A request is on its way: controls wait for it. */
  declare busy: boolean;

  constructor() {
    super();
    this.staffId = '';
    this.heading = '';
    this.connections = null;
    this.feedUrl = '';
    this.form = null;
    this.busy = false;
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  private path(rest = ''): string {
    return tenantPath(this.tenantId, `/calendar-connections${rest}`);
  }

  private feedPath(rest = ''): string {
    return tenantPath(
      this.tenantId,
      `/staff/${encodeURIComponent(this.staffId)}/calendar-feed${rest}`,
    );
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    await this.attempt(async () => {
      const [connections, feed] = await Promise.all([
        canManage(this.session)
          ? api.get<{ data: ConnectionResponse[] }>(
              this.path(`?staff_id=${encodeURIComponent(this.staffId)}`),
            )
          : Promise.resolve({ data: [] }),
        api.get<{ url: string }>(this.feedPath()),
      ]);
      this.connections = connections.data;
      this.feedUrl = feed.url;
    });
  }

  /** Runs one change with the controls disabled, then shows `notice` or the API's problem. */
  private async change(work: () => Promise<unknown>, notice: string): Promise<void> {
    this.busy = true;
    const done = await this.attempt(async () => {
      await work();
      return true;
    });
    const failure = this.error;
    await this.load();
    if (failure) this.error = failure;
    else if (done) this.notice = notice;
    this.busy = false;
  }

  private saveCalendars(
    connection: ConnectionResponse,
    calendars: Array<{ id: string; busy?: boolean; write?: boolean }>,
  ): Promise<void> {
    return this.change(
      () => api.put(this.path(`/${connection.id}`), { calendars }),
      t('calendars.saved'),
    );
  }

  private async connect(provider: Provider, event?: SubmitEvent): Promise<void> {
    event?.preventDefault();
    const form = event?.target as HTMLFormElement | undefined;
    const values = form ? formValues(form) : {};
    this.busy = true;
    const created = await this.attempt(() =>
      api.post<Created>(this.path(), {
        staff_id: this.staffId,
        provider,
        ...(values.url ? { url: values.url.trim() } : {}),
        ...(values.username ? { username: values.username } : {}),
        ...(values.password ? { password: values.password } : {}),
      }),
    );
    this.busy = false;
    if (!created) return;
    if ('authorization_url' in created) {
      // Google and Microsoft: consent on their page; the callback brings the owner back.
      window.location.assign(created.authorization_url);
      return;
    }
    form?.reset();
    this.form = null;
    await this.load();
    if (created.status === 'error' && created.last_error)
      this.error = new Error(t('calendars.connectedWithError', { error: created.last_error }));
    else this.notice = counted('calendars.connected', created.calendars.length);
  }

  private async resync(connection: ConnectionResponse): Promise<void> {
    let count = 0;
    await this.change(async () => {
      count = (await api.post<{ busy_count: number }>(this.path(`/${connection.id}/sync`)))
        .busy_count;
    }, '');
    if (!this.error) this.notice = counted('calendars.resynced', count);
  }

  private async disconnect(connection: ConnectionResponse): Promise<void> {
    if (!confirm(t('calendars.disconnectConfirm', { name: providerLabel(connection.provider) })))
      return;
    await this.change(
      () => api.delete(this.path(`/${connection.id}`)),
      t('calendars.disconnected'),
    );
  }

  private async copyFeed(): Promise<void> {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#feed-url');
    try {
      await navigator.clipboard.writeText(this.feedUrl);
    } catch {
      // No clipboard permission (an old browser, an iframe): select it for Ctrl+C.
      input?.select();
      document.execCommand('copy');
    }
    this.error = null;
    this.notice = t('calendars.copied');
  }

  private async rotateFeed(): Promise<void> {
    if (!confirm(t('calendars.rotateConfirm'))) return;
    const rotated = await this.attempt(() => api.post<{ url: string }>(this.feedPath('/rotate')));
    if (rotated) {
      this.feedUrl = rotated.url;
      this.notice = t('calendars.rotated');
    }
  }

  override render(): TemplateResult {
    const titleId = `cal-title-${this.staffId}`;
    return html`<section class="card" aria-labelledby=${titleId} data-testid="staff-calendars-${this.staffId}">
      <h2 id=${titleId}>${this.heading || t('calendars.cardTitle')}</h2>
      ${this.heading ? nothing : html`<p class="muted small">${t('calendars.cardLead')}</p>`}
      ${this.renderMessages()}
      ${canManage(this.session) ? this.renderConnections() : nothing}
      ${this.renderFeed()}
    </section>`;
  }

  private renderConnections(): TemplateResult {
    const zone = this.session?.tenant.timezone ?? 'UTC';
    const actions = {
      zone,
      busy: this.busy,
      setBusy: (connection: ConnectionResponse, id: string, busy: boolean) =>
        void this.saveCalendars(connection, [{ id, busy }]),
      setWrite: (connection: ConnectionResponse, id: string | null) =>
        void this.saveCalendars(
          connection,
          id
            ? [{ id, write: true }]
            : connection.calendars.map((calendar) => ({ id: calendar.id, write: false })),
        ),
      setOption: (
        connection: ConnectionResponse,
        option: 'all_day_blocks' | 'tentative_blocks',
        on: boolean,
      ) =>
        void this.change(
          () => api.put(this.path(`/${connection.id}`), { [option]: on }),
          t('calendars.saved'),
        ),
      resync: (connection: ConnectionResponse) => void this.resync(connection),
      disconnect: (connection: ConnectionResponse) => void this.disconnect(connection),
    };
    return html`
      ${
        this.connections === null
          ? html`<p class="muted" role="status">${t('app.loading')}</p>`
          : this.connections.length
            ? html`<ul class="connections">${this.connections.map((connection) => connectionItem(connection, actions))}</ul>`
            : html`<p class="empty-line muted">${t('calendars.none')}</p>`
      }
      <h3 class="connect-title">${t('calendars.connectTitle')}</h3>
      <div class="providers">
        <button type="button" class="provider" ?disabled=${this.busy} @click=${() => this.connect('google')}>
          <span class="mark mark-google" aria-hidden="true">G</span>${t('calendars.connectGoogle')}</button>
        <button type="button" class="provider" ?disabled=${this.busy} @click=${() => this.connect('microsoft')}>
          <span class="mark mark-microsoft" aria-hidden="true">O</span>${t('calendars.connectMicrosoft')}</button>
        <button type="button" class="provider" aria-expanded=${this.form === 'caldav' ? 'true' : 'false'}
          @click=${() => this.toggle('caldav')}>
          <span class="mark mark-caldav" aria-hidden="true">Cal</span>${t('calendars.connectCaldav')}</button>
        <button type="button" class="provider" aria-expanded=${this.form === 'ics' ? 'true' : 'false'}
          @click=${() => this.toggle('ics')}>
          <span class="mark mark-ics" aria-hidden="true">ICS</span>${t('calendars.connectIcs')}</button>
      </div>
      ${this.form === 'caldav' ? this.renderCaldavForm() : nothing}
      ${this.form === 'ics' ? this.renderIcsForm() : nothing}
    `;
  }

  private toggle(form: 'ics' | 'caldav'): void {
    this.form = this.form === form ? null : form;
  }

  private renderCaldavForm(): TemplateResult {
    return html`<form class="connect-form" @submit=${(event: SubmitEvent) => this.connect('caldav', event)} novalidate>
      <h4>${t('calendars.caldavTitle')}</h4>
      ${field({ id: 'caldav-url', label: t('calendars.caldavUrl'), hint: t('calendars.caldavUrlHint'), error: this.fieldError('url'), control: (d, invalid) => html`<input id="caldav-url" name="url" type="url" required placeholder="https://caldav.icloud.com" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
      <div class="grid">
        ${field({ id: 'caldav-username', label: t('calendars.username'), error: this.fieldError('username'), control: (d, invalid) => html`<input id="caldav-username" name="username" autocomplete="username" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
        ${field({ id: 'caldav-password', label: t('calendars.password'), error: this.fieldError('password'), control: (d, invalid) => html`<input id="caldav-password" name="password" type="password" autocomplete="new-password" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
      </div>
      <p class="hint note">${t('calendars.passwordHint')}</p>
      <div class="actions">
        <button type="button" @click=${() => this.toggle('caldav')}>${t('app.cancel')}</button>
        <button class="primary" type="submit" ?disabled=${this.busy}>${t('calendars.connect')}</button>
      </div>
    </form>`;
  }

  private renderIcsForm(): TemplateResult {
    return html`<form class="connect-form" @submit=${(event: SubmitEvent) => this.connect('ics', event)} novalidate>
      <h4>${t('calendars.icsTitle')}</h4>
      ${field({ id: 'ics-url', label: t('calendars.icsUrl'), hint: t('calendars.icsUrlHint'), error: this.fieldError('url'), control: (d, invalid) => html`<input id="ics-url" name="url" type="url" required placeholder="https://" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
      <div class="actions">
        <button type="button" @click=${() => this.toggle('ics')}>${t('app.cancel')}</button>
        <button class="primary" type="submit" ?disabled=${this.busy}>${t('calendars.connect')}</button>
      </div>
    </form>`;
  }

  private renderFeed(): TemplateResult {
    return html`<div class="feed">
      <h3>${t('calendars.feedTitle')}</h3>
      <p class="muted small">${t('calendars.feedLead')}</p>
      <label for="feed-url">${t('calendars.feedUrl')}</label>
      <div class="feed-row">
        <input id="feed-url" readonly .value=${this.feedUrl} data-testid="calendar-feed-url"
          @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()} />
        <button type="button" class="primary" ?disabled=${!this.feedUrl} @click=${this.copyFeed}>${t('calendars.copy')}</button>
        <button type="button" ?disabled=${!this.feedUrl} @click=${this.rotateFeed}>${t('calendars.rotate')}</button>
      </div>
    </div>`;
  }

  static override styles = [Screen.styles, staffCalendarsStyles];
}

customElements.define('bs-staff-calendars', StaffCalendars);

declare global {
  interface HTMLElementTagNameMap {
    'bs-staff-calendars': StaffCalendars;
  }
}
