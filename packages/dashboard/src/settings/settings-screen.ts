import { css, html, type TemplateResult } from 'lit';
import { type MessageKey, t } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { Screen } from '../screen.ts';
import { staticHtml, unsafeStatic } from '../static.ts';
import { CurrentTabInView } from '../ui/tab-strip.ts';
import './business-section.ts';
import './branding-section.ts';
import './embed-section.ts';
import './payments-section.ts';
import './calendars-section.ts';
import './developer-sections.ts';
import './team-section.ts';

/** Sections of DASHBOARD.md's `/app/settings/<section>`, plus `plan`. */
const SECTIONS: Array<{ id: string; label: MessageKey; tag: string }> = [
  { id: 'business', label: 'settings.business', tag: 'bs-business-section' },
  { id: 'branding', label: 'settings.branding', tag: 'bs-branding-section' },
  { id: 'booking-page', label: 'settings.bookingPage', tag: 'bs-booking-page-section' },
  { id: 'embed', label: 'settings.embed', tag: 'bs-embed-section' },
  { id: 'notifications', label: 'settings.notifications', tag: 'bs-notifications-section' },
  { id: 'payments', label: 'settings.payments', tag: 'bs-payments-section' },
  { id: 'calendars', label: 'settings.calendars', tag: 'bs-calendars-section' },
  { id: 'plan', label: 'settings.plan', tag: 'bs-plan-section' },
  { id: 'team', label: 'settings.team', tag: 'bs-team-section' },
  { id: 'webhooks', label: 'settings.webhooks', tag: 'bs-webhooks-section' },
  { id: 'api-keys', label: 'settings.apiKeys', tag: 'bs-api-keys-section' },
];

/** `/app/settings/<section>`: one page, a tab list of sections, each its own element. */
export class SettingsScreen extends Screen {
  constructor() {
    super();
    // Below 1000 px the strip scrolls: the open section's tab is kept in view.
    new CurrentTabInView(this);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this.route?.params.section) navigate('/app/settings/business', { replace: true });
  }

  override render(): TemplateResult {
    const current =
      SECTIONS.find((section) => section.id === this.route?.params.section) ?? SECTIONS[0]!;
    return html`
      <div class="page-head"><div><h1>${t('settings.title')}</h1></div></div>
      <nav class="tabs" aria-label=${t('settings.sections')}>
        ${SECTIONS.map(
          (section) =>
            html`<a href="/app/settings/${section.id}" aria-current=${section.id === current.id ? 'page' : 'false'}>${t(section.label)}</a>`,
        )}
      </nav>
      ${staticHtml`<${unsafeStatic(current.tag)} .route=${this.route}></${unsafeStatic(current.tag)}>`}
    `;
  }

  static override styles = [
    Screen.styles,
    css`
      .tabs { display: flex; gap: 4px; overflow-x: auto; margin: 0 0 16px; padding-bottom: 4px; border-bottom: 1px solid var(--bs-border); scrollbar-width: thin; }
      .tabs a { flex: none; padding: 10px 14px; min-height: 44px; display: inline-flex; align-items: center; border-radius: 8px 8px 0 0; color: var(--bs-muted); text-decoration: none; font-weight: 600; font-size: 0.9375rem; }
      .tabs a:hover { color: var(--bs-text); background: #f2f4f8; }
      .tabs a[aria-current='page'] { color: var(--bs-accent-strong); box-shadow: inset 0 -3px 0 var(--bs-accent); }
      /* Wide screens show every section at once; narrow ones scroll the strip. */
      @media (min-width: 1000px) { .tabs { flex-wrap: wrap; overflow-x: visible; } }
    `,
  ];
}

customElements.define('bs-settings-screen', SettingsScreen);
