import type { AvailabilityRule, Service } from '@booksprintz/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { api, tenantPath } from '../api.ts';
import { saveWeeklyHours, windowsOf } from '../hours.ts';
import { t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import '../ui/hours-editor.ts';
import type { WeeklyWindow } from '../ui/hours-editor.ts';

/**
 * `<bs-class-timetable>`: when a class meets, as a dialog opened from the services list.
 * Its weekly times are business-wide rules with the class's `service_id`, which replace
 * the teachers' usual hours for that class (engine README, "A class's timetable"): the
 * Tuesday 18:00 class is offered then and only then. With no times, the class follows
 * the teachers' hours like any service — the dialog says so.
 */
export class ClassTimetable extends Screen {
  static override properties = {
    ...Screen.properties,
    service: { state: true },
    windows: { state: true },
    saving: { state: true },
  };

  declare service: Service | null;
  declare windows: WeeklyWindow[];
  declare saving: boolean;
  private rules: AvailabilityRule[] = [];

  constructor() {
    super();
    this.service = null;
    this.windows = [];
    this.saving = false;
  }

  private get tenantId(): string {
    return this.session?.tenant.id ?? '';
  }

  private dialog(): HTMLDialogElement | null {
    return this.renderRoot.querySelector('dialog');
  }

  /** Opens the dialog on `service`'s timetable. */
  async show(service: Service): Promise<void> {
    this.service = service;
    this.windows = [];
    this.rules = [];
    await this.updateComplete;
    this.dialog()?.showModal();
    await this.attempt(async () => {
      this.rules = (
        await api.get<{ data: AvailabilityRule[] }>(
          tenantPath(this.tenantId, '/availability-rules?rule_type=recurring'),
        )
      ).data;
      this.windows = windowsOf(this.rules, { service_id: service.id });
    });
  }

  private async save(): Promise<void> {
    const service = this.service;
    if (!service) return;
    if (this.windows.some((window) => window.start_time === window.end_time)) {
      this.error = new Error(t('hours.invalid'));
      return;
    }
    this.saving = true;
    const saved = await this.attempt(async () => {
      await saveWeeklyHours(this.tenantId, { service_id: service.id }, this.rules, this.windows);
      return true;
    });
    this.saving = false;
    if (!saved) return;
    this.dialog()?.close();
    this.dispatchEvent(
      new CustomEvent('timetable-saved', { detail: service, bubbles: true, composed: true }),
    );
  }

  override render(): TemplateResult {
    const service = this.service;
    return html`<dialog aria-labelledby="timetable-title" @close=${() => {
      this.service = null;
    }}>
      ${
        service
          ? html`<div class="dialog-body"><h2 id="timetable-title">${t('timetable.title', { name: service.name })}</h2>
            <p class="muted small">${t('timetable.lead')}</p>
            ${this.renderMessages()}
            <bs-hours-editor
              .windows=${this.windows}
              .closedLabel=${t('timetable.noClass')}
              @hours-change=${(event: CustomEvent<WeeklyWindow[]>) => {
                this.windows = event.detail;
              }}
            ></bs-hours-editor>
            <p class="hint" role="status">${
              this.windows.length === 0 ? t('timetable.none') : t('timetable.some')
            }</p>
            <div class="actions">
              <button type="button" @click=${() => this.dialog()?.close()}>${t('app.cancel')}</button>
              <button class="primary" type="button" ?disabled=${this.saving} @click=${this.save}>${t('app.save')}</button>
            </div></div>`
          : nothing
      }
    </dialog>`;
  }

  static override styles = [
    Screen.styles,
    css`
      dialog { width: min(680px, calc(100vw - 24px)); max-height: calc(100vh - 24px); }
    `,
  ];
}

customElements.define('bs-class-timetable', ClassTimetable);
