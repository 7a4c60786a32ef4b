import type { Tenant } from '@booksprintz/shared';
import { html, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';

/** Saves a change to the business and reloads it everywhere (header, previews). */
export async function saveTenant(
  screen: Screen,
  body: Record<string, unknown>,
): Promise<Tenant | undefined> {
  const session = screen.session;
  if (!session) return undefined;
  const saved = await api.put<Tenant>(tenantPath(session.tenant.id), body);
  await session.refresh();
  return saved;
}

export class BusinessSection extends Screen {
  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const ok = await this.attempt(() =>
      saveTenant(this, {
        business_name: values.business_name,
        name: values.business_name,
        email: values.email,
        phone: values.phone || null,
        timezone: values.timezone,
        currency: values.currency,
        locale: values.locale,
      }),
    );
    if (ok) this.notice = t('settings.saved');
  }

  override render(): TemplateResult {
    const tenant = this.session?.tenant;
    if (!tenant) return html``;
    return html`<section class="card" aria-labelledby="business-title">
      <h2 id="business-title">${t('settings.business')}</h2>
      ${this.renderMessages()}
      <form @submit=${this.save} novalidate>
        <div class="grid">
          ${field({ id: 'b-name', label: t('settings.businessName'), error: this.fieldError('business_name'), control: (d, invalid) => html`<input id="b-name" name="business_name" required .value=${tenant.business_name} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
          ${field({ id: 'b-email', label: t('settings.businessEmail'), hint: t('settings.businessEmailHint'), error: this.fieldError('email'), control: (d, invalid) => html`<input id="b-email" name="email" type="email" required .value=${tenant.email ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
          ${field({ id: 'b-phone', label: t('settings.phone'), error: this.fieldError('phone'), control: (d, invalid) => html`<input id="b-phone" name="phone" type="tel" .value=${tenant.phone ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
          ${field({
            id: 'b-zone',
            label: t('settings.zone'),
            error: this.fieldError('timezone'),
            control: (
              d,
              invalid,
            ) => html`<select id="b-zone" name="timezone" aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'}>
            ${Intl.supportedValuesOf('timeZone').map((zone) => html`<option value=${zone} ?selected=${zone === tenant.timezone}>${zone.replaceAll('_', ' ')}</option>`)}
          </select>`,
          })}
          ${field({ id: 'b-currency', label: t('settings.currency'), error: this.fieldError('currency'), control: (d) => html`<input id="b-currency" name="currency" maxlength="3" .value=${tenant.currency} aria-describedby=${d} />` })}
          ${field({
            id: 'b-locale',
            label: t('settings.customerLanguage'),
            hint: t('settings.customerLanguageHint'),
            control: (d) => html`<select id="b-locale" name="locale" aria-describedby=${d}>
            ${[
              ['en', 'English'],
              ['es', 'Español'],
              ['fr', 'Français'],
            ].map(
              ([code, name]) =>
                html`<option value=${code!} ?selected=${tenant.locale === code}>${name}</option>`,
            )}
          </select>`,
          })}
        </div>
        <div class="actions"><button class="primary" type="submit">${t('app.save')}</button></div>
      </form>
    </section>`;
  }
}

export class NotificationsSection extends Screen {
  private async save(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const offsets = new FormData(form)
      .getAll('reminder')
      .map((value) => Number(value))
      .filter((value) => value > 0);
    const values = formValues(form);
    const ok = await this.attempt(() =>
      saveTenant(this, {
        reminder_offsets_minutes: offsets,
        hold_minutes: Number(values.hold_minutes),
        cancellation_window_hours: Number(values.cancellation_window_hours),
      }),
    );
    if (ok) this.notice = t('settings.saved');
  }

  override render(): TemplateResult {
    const tenant = this.session?.tenant;
    if (!tenant) return html``;
    const choices = [60, 120, 240, 1440, 2880, 10080];
    const label = (minutes: number) =>
      minutes < 1440
        ? t('settings.hoursBefore', { count: minutes / 60 })
        : t('settings.daysBefore', { count: minutes / 1440 });
    return html`<section class="card" aria-labelledby="notif-title">
      <h2 id="notif-title">${t('settings.notifications')}</h2>
      <p class="muted">${t('settings.notificationsLead')}</p>
      ${this.renderMessages()}
      <form @submit=${this.save} novalidate>
        <fieldset class="plain">
          <legend class="label">${t('settings.reminders')}</legend>
          ${choices.map(
            (minutes) =>
              html`<label class="check"><input type="checkbox" name="reminder" value=${minutes} ?checked=${tenant.reminder_offsets_minutes.includes(minutes)} /> ${label(minutes)}</label>`,
          )}
        </fieldset>
        <div class="grid">
          ${field({ id: 'n-hold', label: t('settings.holdMinutes'), hint: t('settings.holdMinutesHint'), control: (d) => html`<input id="n-hold" name="hold_minutes" type="number" min="1" max="120" .value=${String(tenant.hold_minutes)} aria-describedby=${d} />` })}
          ${field({ id: 'n-cancel', label: t('settings.cancelWindow'), hint: t('settings.cancelWindowHint'), control: (d) => html`<input id="n-cancel" name="cancellation_window_hours" type="number" min="0" max="720" .value=${String(tenant.cancellation_window_hours)} aria-describedby=${d} />` })}
        </div>
        <div class="actions"><button class="primary" type="submit">${t('app.save')}</button></div>
      </form>
    </section>`;
  }
}

customElements.define('bs-business-section', BusinessSection);
customElements.define('bs-notifications-section', NotificationsSection);
