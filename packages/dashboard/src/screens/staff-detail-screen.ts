import type { AvailabilityRule, Staff } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { ApiProblem, api, tenantPath } from '../api.ts';
import { saveWeeklyHours, windowsOf } from '../hours.ts';
import { t } from '../i18n/index.ts';
import { markStepDone } from '../onboarding.ts';
import { Screen } from '../screen.ts';
import { canManage } from '../session.ts';
import { field, formValues } from '../ui/field.ts';
import '../ui/hours-editor.ts';
import '../calendars/staff-calendars.ts';
import type { WeeklyWindow } from '../ui/hours-editor.ts';

/**
 * `/app/staff/<id>`: one team member — weekly hours (the screen owners come back to),
 * time off, booking limits and profile. Staff-role users reach only their own page;
 * the API refuses the rest (404), and so does this screen.
 */
export class StaffDetailScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    member: { state: true },
    rules: { state: true },
    windows: { state: true },
    dirty: { state: true },
  };

  declare member: Staff | null;
  declare rules: AvailabilityRule[];
  declare windows: WeeklyWindow[];
  declare dirty: boolean;

  constructor() {
    super();
    this.member = null;
    this.rules = [];
    this.windows = [];
    this.dirty = false;
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  private get staffId(): string {
    return this.route?.params.id ?? '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const session = this.session;
    if (session?.role === 'staff' && session.staffId !== this.staffId) {
      // Staff see only their own page; the API refuses the rest too (403/404).
      this.error = new ApiProblem(403, 'forbidden', t('staff.notYours'));
      return;
    }
    await this.attempt(async () => {
      const [member, rules] = await Promise.all([
        api.get<Staff>(tenantPath(this.tenantId, `/staff/${encodeURIComponent(this.staffId)}`)),
        api.get<{ data: AvailabilityRule[] }>(
          tenantPath(
            this.tenantId,
            `/availability-rules?staff_id=${encodeURIComponent(this.staffId)}`,
          ),
        ),
      ]);
      this.member = member;
      this.rules = rules.data;
      this.windows = windowsOf(rules.data, { staff_id: this.staffId });
      this.dirty = false;
    });
  }

  private async saveHours(): Promise<void> {
    const session = this.session;
    if (!session) return;
    const bad = this.windows.find(
      (window) => !window.start_time || !window.end_time || window.start_time === window.end_time,
    );
    if (bad) {
      this.error = new ApiProblem(422, 'validation_failed', t('hours.invalid'));
      return;
    }
    await this.attempt(async () => {
      await saveWeeklyHours(this.tenantId, { staff_id: this.staffId }, this.rules, this.windows);
      if (canManage(session)) {
        await markStepDone(session.tenant, 'hours');
        await session.refresh();
      }
    });
    if (!this.error) {
      await this.load();
      this.notice = t('hours.saved');
    }
  }

  private async addTimeOff(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const values = formValues(form);
    const ok = await this.attempt(() =>
      api.post(tenantPath(this.tenantId, '/availability-rules'), {
        staff_id: this.staffId,
        rule_type: 'block',
        is_available: false,
        date_range_start: values.from,
        date_range_end: values.to || values.from,
        reason: values.reason || null,
      }),
    );
    if (ok) {
      form.reset();
      await this.load();
      this.notice = t('timeOff.saved');
    }
  }

  private async removeRule(rule: AvailabilityRule): Promise<void> {
    await this.attempt(() =>
      api.delete(tenantPath(this.tenantId, `/availability-rules/${rule.id}`)),
    );
    await this.load();
  }

  private async saveProfile(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const saved = await this.attempt(() =>
      api.put<Staff>(tenantPath(this.tenantId, `/staff/${this.staffId}`), {
        name: values.name,
        title: values.title || null,
        email: values.email || null,
        phone: values.phone || null,
        bio: values.bio || null,
        buffer_time_before: Number(values.buffer_time_before || 0),
        buffer_time_after: Number(values.buffer_time_after || 0),
        min_advance_booking_hours: Number(values.min_advance_booking_hours || 0),
        max_advance_booking_days: Number(values.max_advance_booking_days || 90),
      }),
    );
    if (saved) {
      this.member = saved;
      this.notice = t('staff.saved');
    }
  }

  override render(): TemplateResult {
    const member = this.member;
    if (!member) {
      return html`<h1>${t('staff.title')}</h1>${this.renderMessages()}
        ${this.error ? nothing : html`<p class="muted" role="status">${t('app.loading')}</p>`}`;
    }
    const timeOff = this.rules.filter(
      (rule) => rule.rule_type === 'block' && rule.staff_id === member.id,
    );
    return html`
      <p class="crumbs small">${canManage(this.session) ? html`<a href="/app/staff">${t('staff.title')}</a> /` : nothing}</p>
      <div class="page-head"><div><h1>${member.name}</h1>
        <p class="muted">${member.title ?? ''}</p></div></div>
      ${this.renderMessages()}
      <section class="card" aria-labelledby="hours-title">
        <h2 id="hours-title">${t('hours.title')}</h2>
        <p class="muted small">${t('hours.lead', { zone: member.timezone ?? this.session?.tenant.timezone ?? '' })}</p>
        <bs-hours-editor
          .windows=${this.windows}
          @hours-change=${(event: CustomEvent<WeeklyWindow[]>) => {
            this.windows = event.detail;
            this.dirty = true;
          }}
        ></bs-hours-editor>
        <div class="actions">
          <button class="primary" @click=${this.saveHours}>${t('hours.save')}</button>
        </div>
      </section>
      <section class="card" aria-labelledby="off-title">
        <h2 id="off-title">${t('timeOff.title')}</h2>
        <p class="muted small">${t('timeOff.lead')}</p>
        ${
          timeOff.length
            ? html`<ul class="off">${timeOff.map(
                (rule) => html`<li>
                <span><strong>${rule.date_range_start ?? rule.specific_date}${rule.date_range_end && rule.date_range_end !== rule.date_range_start ? ` → ${rule.date_range_end}` : ''}</strong>
                ${rule.reason ? html`<span class="muted"> · ${rule.reason}</span>` : nothing}</span>
                <button class="danger" @click=${() => this.removeRule(rule)}>${t('app.remove')}</button>
              </li>`,
              )}</ul>`
            : html`<p class="muted">${t('timeOff.none')}</p>`
        }
        <form @submit=${this.addTimeOff} class="grid off-form">
          ${field({ id: 'off-from', label: t('timeOff.from'), control: (d) => html`<input id="off-from" name="from" type="date" required aria-describedby=${d} />` })}
          ${field({ id: 'off-to', label: t('timeOff.to'), control: (d) => html`<input id="off-to" name="to" type="date" aria-describedby=${d} />` })}
          ${field({ id: 'off-reason', label: t('timeOff.reason'), control: (d) => html`<input id="off-reason" name="reason" aria-describedby=${d} />` })}
          <div class="submit"><button type="submit">${t('timeOff.add')}</button></div>
        </form>
      </section>
      <bs-staff-calendars .staffId=${member.id}></bs-staff-calendars>
      <section class="card" aria-labelledby="profile-title">
        <h2 id="profile-title">${t('staff.profile')}</h2>
        <form @submit=${this.saveProfile} novalidate>
          <div class="grid">
            ${field({ id: 'p-name', label: t('staff.name'), error: this.fieldError('name'), control: (d, invalid) => html`<input id="p-name" name="name" required .value=${member.name} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
            ${field({ id: 'p-title', label: t('staff.jobTitle'), control: (d) => html`<input id="p-title" name="title" .value=${member.title ?? ''} aria-describedby=${d} />` })}
            ${field({ id: 'p-email', label: t('staff.email'), error: this.fieldError('email'), control: (d, invalid) => html`<input id="p-email" name="email" type="email" .value=${member.email ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
            ${field({ id: 'p-phone', label: t('staff.phone'), error: this.fieldError('phone'), control: (d, invalid) => html`<input id="p-phone" name="phone" type="tel" .value=${member.phone ?? ''} aria-describedby=${d} aria-invalid=${invalid ? 'true' : 'false'} />` })}
          </div>
          ${field({ id: 'p-bio', label: t('staff.bio'), control: (d) => html`<textarea id="p-bio" name="bio" .value=${member.bio ?? ''} aria-describedby=${d}></textarea>` })}
          <h3 class="limits">${t('staff.limits')}</h3>
          <div class="grid">
            ${field({ id: 'p-before', label: t('staff.bufferBefore'), control: (d) => html`<input id="p-before" name="buffer_time_before" type="number" min="0" max="240" step="5" .value=${String(member.buffer_time_before)} aria-describedby=${d} />` })}
            ${field({ id: 'p-after', label: t('staff.bufferAfter'), control: (d) => html`<input id="p-after" name="buffer_time_after" type="number" min="0" max="240" step="5" .value=${String(member.buffer_time_after)} aria-describedby=${d} />` })}
            ${field({ id: 'p-notice', label: t('staff.notice'), hint: t('staff.noticeHint'), control: (d) => html`<input id="p-notice" name="min_advance_booking_hours" type="number" min="0" .value=${String(member.min_advance_booking_hours)} aria-describedby=${d} />` })}
            ${field({ id: 'p-advance', label: t('staff.advance'), hint: t('staff.advanceHint'), control: (d) => html`<input id="p-advance" name="max_advance_booking_days" type="number" min="1" max="730" .value=${String(member.max_advance_booking_days)} aria-describedby=${d} />` })}
          </div>
          <div class="actions"><button class="primary" type="submit">${t('app.save')}</button></div>
        </form>
      </section>
    `;
  }

  static override styles = [
    Screen.styles,
    css`
      .crumbs { margin: 0 0 4px; }
      .off { list-style: none; margin: 0 0 12px; padding: 0; }
      .off li { display: flex; justify-content: space-between; align-items: center; gap: 12px; padding: 8px 0; border-top: 1px solid #eceef3; }
      .off-form { align-items: end; margin-top: 8px; }
      .limits { margin-top: 18px; }
    `,
  ];
}

customElements.define('bs-staff-detail-screen', StaffDetailScreen);
