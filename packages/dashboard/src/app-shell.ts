import type { Tenant } from '@booksprintz/shared';
import { ContextProvider } from '@lit/context';
import { css, html, LitElement, nothing, type TemplateResult } from 'lit';
import { ApiProblem, api, setCsrfToken, tenantPath } from './api.ts';
import { type Locale, locale, type MessageKey, setLocale, t } from './i18n/index.ts';
import { matchRoute, navigate, type Route, safeNext } from './router.ts';
import {
  canManage,
  type Membership,
  type Session,
  type SessionUser,
  sessionContext,
} from './session.ts';
import { staticHtml, unsafeStatic } from './static.ts';
import { shared } from './styles.ts';

interface Me {
  user: SessionUser;
  tenants: Membership[];
  csrf_token?: string;
}

const TENANT_KEY = 'bs-app-tenant';

const NAV: Array<{ section: string; href: string; label: MessageKey; managersOnly?: boolean }> = [
  { section: 'home', href: '/app', label: 'nav.home' },
  { section: 'calendar', href: '/app/calendar', label: 'nav.calendar' },
  { section: 'appointments', href: '/app/appointments', label: 'nav.appointments' },
  { section: 'customers', href: '/app/customers', label: 'nav.customers', managersOnly: true },
  { section: 'services', href: '/app/services', label: 'nav.services', managersOnly: true },
  { section: 'staff', href: '/app/staff', label: 'nav.staff' },
  { section: 'locations', href: '/app/locations', label: 'nav.locations', managersOnly: true },
  { section: 'analytics', href: '/app/analytics', label: 'nav.analytics' },
  {
    section: 'settings',
    href: '/app/settings/business',
    label: 'nav.settings',
    managersOnly: true,
  },
];

/**
 * `<bs-app>`: the owner app's shell. Reads the session (`/auth/me`), provides it to
 * every screen through `@lit/context`, routes by URL, and frames signed-in screens with
 * the header and navigation. Signed-out visitors of a private URL go to the login and
 * come back to that URL afterwards.
 */
export class BsApp extends LitElement {
  static override properties = {
    route: { state: true },
    session: { state: true },
    loading: { state: true },
    menuOpen: { state: true },
    failure: { state: true },
  };

  declare route: Route | null;
  declare session: Session | undefined;
  declare loading: boolean;
  declare menuOpen: boolean;
  declare failure: string;

  private provider = new ContextProvider(this, { context: sessionContext });
  private loaded = new Set<string>();

  constructor() {
    super();
    this.route = null;
    this.session = undefined;
    this.loading = true;
    this.menuOpen = false;
    this.failure = '';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.documentElement.lang = locale();
    window.addEventListener('popstate', this.onLocation);
    window.addEventListener('bs-navigate', this.onLocation);
    window.addEventListener('bs-locale', this.onLocale);
    window.addEventListener('bs-signed-in', this.onSignedIn);
    window.addEventListener('bs-signed-out', this.onSignedOut);
    this.addEventListener('click', this.onClick);
    void this.start();
  }

  override disconnectedCallback(): void {
    window.removeEventListener('popstate', this.onLocation);
    window.removeEventListener('bs-navigate', this.onLocation);
    window.removeEventListener('bs-locale', this.onLocale);
    window.removeEventListener('bs-signed-in', this.onSignedIn);
    window.removeEventListener('bs-signed-out', this.onSignedOut);
    super.disconnectedCallback();
  }

  private async start(): Promise<void> {
    await this.loadSession();
    await this.onLocation();
  }

  /** Asks who is signed in; no session is not an error, just no `session`. */
  private async loadSession(): Promise<void> {
    try {
      const me = await api.get<Me>('/auth/me');
      setCsrfToken(me.csrf_token);
      await this.useMembership(me);
    } catch (error) {
      if (!(error instanceof ApiProblem) || (error.status !== 401 && error.status !== 403)) {
        this.failure = t('app.unreachable');
      }
      this.setSession(undefined);
    }
  }

  private async useMembership(me: Me): Promise<void> {
    const wanted = localStorage.getItem(TENANT_KEY);
    const membership = me.tenants.find((item) => item.id === wanted) ?? me.tenants[0];
    if (!membership) {
      this.setSession(undefined);
      return;
    }
    const tenant = await api.get<Tenant>(tenantPath(membership.id));
    const session: Session = {
      user: me.user,
      memberships: me.tenants,
      tenant,
      role: membership.role,
      staffId: membership.staff_id ?? null,
      refresh: async () => {
        const fresh = await api.get<Tenant>(tenantPath(tenant.id));
        this.setSession({ ...session, tenant: fresh });
      },
    };
    this.setSession(session);
  }

  private setSession(session: Session | undefined): void {
    this.session = session;
    this.provider.setValue(session, true);
  }

  private onLocation = async (): Promise<void> => {
    const url = new URL(location.href);
    const route = matchRoute(url);
    this.menuOpen = false;
    if (route && !route.public && !this.session) {
      const next = `${url.pathname}${url.search}`;
      navigate(`/app/login?next=${encodeURIComponent(next)}`, { replace: true });
      return;
    }
    if (route && route.tag === 'bs-login-screen' && this.session) {
      navigate(safeNext(url.searchParams.get('next')), { replace: true });
      return;
    }
    if (route && !this.loaded.has(route.tag)) {
      try {
        await route.load();
        this.loaded.add(route.tag);
      } catch {
        this.failure = t('app.unreachable');
      }
    }
    this.loading = false;
    this.route = route;
    await this.updateComplete;
    // A new screen: move focus to its heading so screen readers announce it.
    const screen = this.renderRoot.querySelector('main > *');
    (screen as LitElement | null)?.updateComplete?.then(() => {
      const heading = screen?.shadowRoot?.querySelector('h1');
      if (heading) {
        heading.setAttribute('tabindex', '-1');
        heading.focus({ preventScroll: true });
      }
      document.title = heading?.textContent
        ? `${heading.textContent.trim()} · BookSprintz`
        : 'BookSprintz';
    });
  };

  private onLocale = (): void => {
    this.requestUpdate();
    for (const screen of this.renderRoot.querySelectorAll('main > *')) {
      (screen as LitElement).requestUpdate?.();
    }
  };

  private onSignedIn = async (event: Event): Promise<void> => {
    const me = (event as CustomEvent<Me>).detail;
    setCsrfToken(me.csrf_token);
    const next = safeNext(new URL(location.href).searchParams.get('next'));
    // The next screen's code loads while the business does, not after it.
    const route = matchRoute(new URL(next, location.origin));
    const code = route?.load().catch(() => undefined);
    await Promise.all([this.useMembership(me), code]);
    navigate(next, { replace: true });
  };

  private onSignedOut = (): void => {
    setCsrfToken(null);
    this.setSession(undefined);
    navigate('/app/login', { replace: true });
  };

  /** Links inside the app move without a reload; others behave as links do. */
  private onClick = (event: MouseEvent): void => {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey
    )
      return;
    const anchor = event
      .composedPath()
      .find((node): node is HTMLAnchorElement => node instanceof HTMLAnchorElement);
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin !== location.origin || !/^\/app(\/|$)/.test(url.pathname)) return;
    event.preventDefault();
    navigate(`${url.pathname}${url.search}${url.hash}`);
  };

  private switchTenant(id: string): void {
    localStorage.setItem(TENANT_KEY, id);
    location.assign('/app');
  }

  override render(): TemplateResult {
    if (this.loading) {
      return html`<div class="boot" role="status">${t('app.loading')}</div>`;
    }
    const route = this.route;
    const screen = route
      ? staticHtml`<${unsafeStatic(route.tag)} .route=${route}></${unsafeStatic(route.tag)}>`
      : html`<section class="card not-found"><h1>${t('app.notFound')}</h1><p><a href="/app">${t('app.backHome')}</a></p></section>`;
    if (!route || route.public || !this.session) {
      return html`<div class="auth-layout">
        ${this.failure ? html`<p class="error" role="alert" data-testid="error">${this.failure}</p>` : nothing}
        <main>${screen}</main>
        ${this.languagePicker()}
      </div>`;
    }
    const session = this.session;
    const nav = NAV.filter((item) => !item.managersOnly || canManage(session));
    return html`
      <a class="skip" href="#main">${t('app.skip')}</a>
      <header class="top">
        <button
          class="menu-toggle"
          aria-expanded=${this.menuOpen ? 'true' : 'false'}
          aria-controls="nav"
          @click=${() => {
            this.menuOpen = !this.menuOpen;
          }}
        >
          <span aria-hidden="true">☰</span><span class="visually-hidden">${t('app.menu')}</span>
        </button>
        <a class="brand" href="/app">
          ${
            session.tenant.logo_url
              ? html`<img class="logo" src=${session.tenant.logo_url} alt="" />`
              : html`<span class="logo" aria-hidden="true">${initial(session.tenant.business_name)}</span>`
          }
          <span data-testid="business-name">${session.tenant.business_name}</span>
        </a>
        <div class="top-right">
          ${
            session.memberships.length > 1
              ? html`<label class="visually-hidden" for="tenant-switch">${t('app.switchBusiness')}</label>
                <select id="tenant-switch" @change=${(event: Event) => this.switchTenant((event.target as HTMLSelectElement).value)}>
                  ${session.memberships.map(
                    (item) =>
                      html`<option value=${item.id} ?selected=${item.id === session.tenant.id}>${item.business_name ?? item.subdomain ?? item.id}</option>`,
                  )}
                </select>`
              : nothing
          }
          <span class="user small muted">${session.user.email}</span>
          <a class="button sign-out" href="/app/logout">${t('app.signOut')}</a>
        </div>
      </header>
      <div class="layout">
        <nav id="nav" aria-label=${t('app.mainNav')} class=${this.menuOpen ? 'open' : ''}>
          <ul>
            ${nav.map(
              (item) => html`<li>
                <a href=${item.href} aria-current=${route.section === item.section ? 'page' : 'false'}>${t(item.label)}</a>
              </li>`,
            )}
          </ul>
          <div class="nav-foot">
            ${this.languagePicker()}
            <a class="nav-sign-out" href="/app/logout">${t('app.signOut')}</a>
          </div>
        </nav>
        <main id="main">${screen}</main>
      </div>
    `;
  }

  private languagePicker(): TemplateResult {
    const names: Record<Locale, string> = { en: 'English', es: 'Español', fr: 'Français' };
    return html`<div class="lang">
      <label for="lang" class="small">${t('app.language')}</label>
      <select id="lang" @change=${(event: Event) => setLocale((event.target as HTMLSelectElement).value as Locale)}>
        ${(Object.keys(names) as Locale[]).map(
          (code) =>
            html`<option value=${code} ?selected=${code === locale()} lang=${code}>${names[code]}</option>`,
        )}
      </select>
    </div>`;
  }

  static override styles = [
    shared,
    css`
      :host { min-height: 100vh; background: var(--bs-page); }
      .boot { padding: 40px; text-align: center; color: var(--bs-muted); }
      .skip { position: absolute; left: -999px; top: 8px; background: #fff; padding: 8px 12px; z-index: 10; }
      .skip:focus { left: 8px; }
      .top { position: sticky; top: 0; z-index: 5; display: flex; align-items: center; gap: 12px; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--bs-border); }
      .brand { display: flex; align-items: center; gap: 10px; font-weight: 700; color: inherit; text-decoration: none; font-size: 1.05rem; min-width: 0; }
      .brand span:last-child { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
      .logo { display: inline-grid; place-items: center; width: 30px; height: 30px; border-radius: 8px; background: var(--bs-accent); color: #fff; font-size: 0.95rem; font-weight: 700; flex: none; object-fit: cover; }
      .top-right { margin-left: auto; display: flex; align-items: center; gap: 12px; }
      .top-right select { width: auto; }
      .menu-toggle { display: none; padding: 8px 12px; }
      .layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); min-height: calc(100vh - 65px); }
      nav { border-right: 1px solid var(--bs-border); background: #fff; padding: 16px 12px; display: flex; flex-direction: column; justify-content: space-between; }
      nav ul { list-style: none; margin: 0; padding: 0; }
      nav a { display: flex; align-items: center; min-height: 44px; padding: 0 12px; border-radius: 8px; color: var(--bs-text); text-decoration: none; font-weight: 500; }
      nav a:hover { background: #f2f4f8; }
      nav a[aria-current='page'] { background: var(--bs-accent-soft); color: var(--bs-accent-strong); font-weight: 700; }
      main { padding: 28px 32px 48px; max-width: 1100px; width: 100%; }
      .lang { padding: 12px; }
      .lang label { font-weight: 500; color: var(--bs-muted); }
      .auth-layout { min-height: 100vh; display: flex; flex-direction: column; align-items: center; padding: 48px 16px; }
      .auth-layout main { max-width: 440px; padding: 0; }
      .auth-layout .lang { margin-top: 20px; width: 200px; }
      @media (max-width: 820px) {
        .menu-toggle { display: inline-flex; }
        .user { display: none; }
        .top { padding: 8px 12px; }
        .layout { grid-template-columns: minmax(0, 1fr); }
        nav { display: none; border-right: 0; border-bottom: 1px solid var(--bs-border); }
        nav.open { display: flex; }
        main { padding: 20px 14px 40px; }
      }
      /*
       * A phone: signing out moves into the menu, as in Square's app, so the top bar stays
       * one line with the business's name ("Se déconnecter" took two lines and most of
       * the name at 360 px).
       */
      .nav-sign-out { display: none; }
      @media (max-width: 560px) {
        .top-right .sign-out { display: none; }
        .nav-sign-out { display: flex; margin: 4px 0 0; }
      }
    `,
  ];
}

/** The business's monogram, where it has no logo: its first letter or digit. */
function initial(name: string): string {
  return (/[\p{L}\p{N}]/u.exec(name)?.[0] ?? '•').toLocaleUpperCase();
}

customElements.define('bs-app', BsApp);

declare global {
  interface HTMLElementTagNameMap {
    'bs-app': BsApp;
  }
}
