import type { AdminAppointment, Service, Staff } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { DateTime } from 'luxon';
import { api, tenantPath } from '../api.ts';
import { locale, type MessageKey, money, t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';
import { hhmm, instantAt, localDay, minutesOfDay } from './zoned.ts';

/**
 * `<bs-appointment-panel>`: one appointment — who, what, when, money — and what can be
 * done with it now: confirm or reject a pending booking, move it (same rules as the
 * widget: a refusal says why), cancel with a reason, mark completed or no-show once it
 * has started, keep internal notes. Fires `appointment-changed` after every change.
 */
export class AppointmentPanel extends Screen {
  static override properties = {
    ...Screen.properties,
    appointment: { attribute: false },
    staff: { attribute: false },
    services: { attribute: false },
    mode: { state: true },
  };

  declare appointment: AdminAppointment;
  declare staff: Staff[];
  declare services: Service[];
  declare mode: 'view' | 'move' | 'cancel';

  constructor() {
    super();
    this.staff = [];
    this.services = [];
    this.mode = 'view';
  }

  private get zone(): string {
    return this.session?.tenant.timezone ?? 'UTC';
  }

  private async update_(body: Record<string, unknown>, done: MessageKey): Promise<void> {
    const tenantId = this.session?.tenant.id ?? '';
    const saved = await this.attempt(() =>
      api.put<AdminAppointment>(tenantPath(tenantId, `/appointments/${this.appointment.id}`), body),
    );
    if (!saved) return;
    this.appointment = saved;
    this.mode = 'view';
    this.notice = t(done);
    this.dispatchEvent(
      new CustomEvent('appointment-changed', { detail: saved, bubbles: true, composed: true }),
    );
  }

  private move(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const [hour = '0', minute = '0'] = (values.time ?? '').split(':');
    const start = instantAt(values.date ?? '', Number(hour) * 60 + Number(minute), this.zone);
    const body: Record<string, unknown> = {
      start_time: start,
      notify_customer: values.notify === 'on',
      ...(values.override_rules === 'on' ? { override_rules: true } : {}),
    };
    const length = Number(values.length);
    if (Number.isInteger(length) && length > 0 && length !== this.length()) {
      body.duration_minutes = length;
    }
    if (values.staff_id && values.staff_id !== this.appointment.staff_id)
      body.staff_id = values.staff_id;
    return this.update_(body, values.notify === 'on' ? 'appointment.moved' : 'calendar.movedQuiet');
  }

  /** Minutes it lasts now (a resize may have made it longer than its service). */
  private length(): number {
    return (
      (Date.parse(this.appointment.end_time) - Date.parse(this.appointment.start_time)) / 60_000
    );
  }

  /** The "notify the customer" choice each change offers, ticked unless there is no e-mail. */
  private notifyBox(id: string): TemplateResult {
    const reachable = Boolean(this.appointment.customer_email);
    return html`<label class="check" for=${id}><input id=${id} name="notify" type="checkbox" ?checked=${reachable} ?disabled=${!reachable} aria-describedby="${id}-hint" />
      ${t('calendar.notify')}</label><span class="hint" id="${id}-hint">${reachable ? t('appointment.notifyHint') : t('appointment.noEmail')}</span>`;
  }

  private cancel(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    return this.update_(
      {
        status: 'cancelled',
        notify_customer: values.notify === 'on',
        ...(values.reason ? { cancellation_reason: values.reason } : {}),
      },
      'appointment.cancelledDone',
    );
  }

  private saveNotes(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    return this.update_(
      { internal_notes: values.internal_notes || null },
      'appointment.notesSaved',
    );
  }

  override render(): TemplateResult {
    const item = this.appointment;
    if (!item) return html``;
    const zone = this.zone;
    const service = this.services.find((entry) => entry.id === item.service_id);
    const member = this.staff.find((entry) => entry.id === item.staff_id);
    const start = DateTime.fromISO(item.start_time, { zone }).setLocale(locale());
    const end = DateTime.fromISO(item.end_time, { zone }).setLocale(locale());
    const started = DateTime.fromISO(item.start_time) <= DateTime.now();
    const open = item.status === 'pending' || item.status === 'confirmed';
    return html`<div class="panel">
      <p class="when"><strong>${start.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long' })}</strong>
        · ${start.toLocaleString(DateTime.TIME_SIMPLE)}–${end.toLocaleString(DateTime.TIME_SIMPLE)}</p>
      <p><span class="badge status-${item.status}">${t(`status.${item.status}` as MessageKey)}</span>
        <span class="muted small">${t('appointment.code')} ${item.confirmation_code}</span></p>
      ${this.renderMessages()}
      <dl>
        <dt>${t('appointment.customer')}</dt><dd><strong>${item.customer_name}</strong><br />
          ${item.customer_email ? html`<a href="mailto:${item.customer_email}">${item.customer_email}</a>` : html`<span class="muted">${t('appointment.noEmail')}</span>`}
          ${item.customer_phone ? html`<br /><a href="tel:${item.customer_phone}">${item.customer_phone}</a>` : nothing}</dd>
        <dt>${t('appointment.service')}</dt><dd>${service?.name ?? ''} ${member ? html`${t('appointment.with')} ${member.name}` : nothing}</dd>
        <dt>${t('appointment.payment')}</dt><dd>${money(item.total_price_cents, item.currency)}
          ${item.deposit_paid_cents ? html`· ${t('appointment.depositPaid', { amount: money(item.deposit_paid_cents, item.currency) })}` : nothing}
          ${item.refunded_cents ? html`· ${t('appointment.refunded', { amount: money(item.refunded_cents, item.currency) })}` : nothing}
          ${item.balance_due_cents ? html`· <strong>${t('appointment.balance', { amount: money(item.balance_due_cents, item.currency) })}</strong>` : nothing}</dd>
        ${item.rules_overridden ? html`<dt>${t('calendar.overridden')}</dt><dd>✓</dd>` : nothing}
        ${item.customer_notes ? html`<dt>${t('appointment.customerNotes')}</dt><dd>${item.customer_notes}</dd>` : nothing}
        ${item.cancellation_reason ? html`<dt>${t('appointment.cancelReason')}</dt><dd>${item.cancellation_reason}</dd>` : nothing}
      </dl>
      ${
        this.mode === 'move'
          ? html`<form class="box" @submit=${this.move}>
            <h3>${t('appointment.moveTitle')}</h3>
            <div class="grid">
              ${field({ id: 'mv-date', label: t('appointment.date'), control: (d) => html`<input id="mv-date" name="date" type="date" required .value=${localDay(item.start_time, zone)} aria-describedby=${d} />` })}
              ${field({ id: 'mv-time', label: t('appointment.time'), control: (d) => html`<input id="mv-time" name="time" type="time" step="300" required .value=${hhmm(minutesOfDay(item.start_time, zone))} aria-describedby=${d} />` })}
              ${field({
                id: 'mv-staff',
                label: t('appointment.staff'),
                control: (d) => html`<select id="mv-staff" name="staff_id" aria-describedby=${d}>
                ${this.staff.map((entry) => html`<option value=${entry.id} ?selected=${entry.id === item.staff_id}>${entry.name}</option>`)}</select>`,
              })}
              ${field({ id: 'mv-length', label: t('calendar.length'), control: (d) => html`<input id="mv-length" name="length" type="number" min="5" max="1440" step="5" required .value=${String(this.length())} aria-describedby=${d} />` })}
            </div>
            <p class="hint">${t('appointment.moveHint')}</p>
            <div class="checks">
              ${this.notifyBox('mv-notify')}
              <label class="check" for="mv-override"><input id="mv-override" name="override_rules" type="checkbox" /> ${t('calendar.moveOverride')}</label>
            </div>
            <div class="actions"><button type="button" @click=${() => {
              this.mode = 'view';
            }}>${t('app.cancel')}</button><button class="primary" type="submit">${t('appointment.moveButton')}</button></div>
          </form>`
          : this.mode === 'cancel'
            ? html`<form class="box" @submit=${this.cancel}>
              <h3>${t('appointment.cancelTitle')}</h3>
              ${field({ id: 'c-reason', label: t('appointment.cancelReason'), hint: t('appointment.cancelHint'), control: (d) => html`<input id="c-reason" name="reason" aria-describedby=${d} />` })}
              <div class="checks">${this.notifyBox('c-notify')}</div>
              <div class="actions"><button type="button" @click=${() => {
                this.mode = 'view';
              }}>${t('app.cancel')}</button><button class="danger" type="submit">${t('appointment.cancelButton')}</button></div>
            </form>`
            : html`<div class="row buttons">
              ${
                item.status === 'pending'
                  ? html`<button class="primary" @click=${() => this.update_({ status: 'confirmed' }, 'appointment.confirmedDone')}>${t('appointment.confirm')}</button>
                    <button class="danger" @click=${() => this.update_({ status: 'cancelled', cancellation_reason: t('appointment.rejectedReason') }, 'appointment.rejectedDone')}>${t('appointment.reject')}</button>`
                  : nothing
              }
              ${
                open
                  ? html`<button @click=${() => {
                      this.mode = 'move';
                    }}>${t('appointment.move')}</button>`
                  : nothing
              }
              ${
                item.status === 'confirmed' && started
                  ? html`<button @click=${() => this.update_({ status: 'completed' }, 'appointment.completedDone')}>${t('appointment.complete')}</button>
                    <button @click=${() => this.update_({ status: 'no_show' }, 'appointment.noShowDone')}>${t('appointment.noShow')}</button>`
                  : nothing
              }
              ${
                open
                  ? html`<button class="danger" @click=${() => {
                      this.mode = 'cancel';
                    }}>${t('appointment.cancel')}</button>`
                  : nothing
              }
            </div>`
      }
      <form class="notes" @submit=${this.saveNotes}>
        ${field({ id: 'i-notes', label: t('appointment.internalNotes'), hint: t('appointment.internalNotesHint'), control: (d) => html`<textarea id="i-notes" name="internal_notes" .value=${item.internal_notes ?? ''} aria-describedby=${d}></textarea>` })}
        <div class="actions"><button type="submit">${t('appointment.saveNotes')}</button></div>
      </form>
    </div>`;
  }

  static override styles = [
    Screen.styles,
    css`
      .when { font-size: 1.05rem; margin-bottom: 6px; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 8px 16px; margin: 16px 0; }
      dt { color: var(--bs-muted); font-weight: 600; font-size: 0.875rem; }
      dd { margin: 0; }
      .buttons { gap: 8px; }
      .box { border: 1px solid var(--bs-border); border-radius: 10px; padding: 14px; margin: 8px 0; }
      .notes { margin-top: 18px; }
      .checks { display: flex; flex-direction: column; gap: 4px; margin: 10px 0; }
      .check { display: inline-flex; align-items: center; gap: 8px; font-weight: 600; min-height: 32px; }
      .status-confirmed { background: var(--bs-ok-soft); color: var(--bs-ok); }
      .status-pending { background: #fffaeb; color: #b54708; }
      .status-cancelled { background: var(--bs-danger-soft); color: var(--bs-danger); }
      @media (max-width: 480px) { dl { grid-template-columns: 1fr; } }
    `,
  ];
}

customElements.define('bs-appointment-panel', AppointmentPanel);
