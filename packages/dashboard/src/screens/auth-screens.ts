import { css, html, type nothing, type TemplateResult } from 'lit';
import { api, setCsrfToken } from '../api.ts';
import { t } from '../i18n/index.ts';
import { Screen } from '../screen.ts';
import { field, formValues } from '../ui/field.ts';

const authStyles = css`
  .auth { background: #fff; border: 1px solid var(--bs-border); border-radius: 14px; padding: 28px; box-shadow: 0 8px 30px rgb(15 23 42 / 0.06); }
  .brand { display: flex; align-items: center; gap: 10px; font-weight: 800; font-size: 1.1rem; margin-bottom: 22px; }
  .logo { display: inline-grid; place-items: center; width: 32px; height: 32px; border-radius: 8px; background: var(--bs-accent); color: #fff; }
  form > * + * { margin-top: 14px; }
  button.primary { width: 100%; }
  .alt { margin-top: 18px; text-align: center; font-size: 0.9375rem; }
  @media (max-width: 480px) { .auth { padding: 20px; } }
`;

/**
 * After a sign-in answer: the shell loads the business and opens `next` (or /app). The
 * login, signup and invitation answers already carry the account (user, businesses,
 * CSRF token); `/auth/me` is asked only when one does not, saving a round trip.
 */
async function signedIn(answer?: unknown): Promise<void> {
  const account = answer as { csrf_token?: unknown; tenants?: unknown } | undefined;
  const me =
    typeof account?.csrf_token === 'string' && Array.isArray(account.tenants)
      ? account
      : await api.get<{ csrf_token?: string }>('/auth/me');
  setCsrfToken(me.csrf_token as string | undefined);
  window.dispatchEvent(new CustomEvent('bs-signed-in', { detail: me }));
}

function brand(): TemplateResult {
  return html`<div class="brand"><span class="logo" aria-hidden="true">✓</span>BookSprintz</div>`;
}

export class LoginScreen extends Screen {
  static override styles = [Screen.styles, authStyles];

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    await this.attempt(async () => {
      await signedIn(
        await api.post('/auth/login', { email: values.email, password: values.password }),
      );
    });
  }

  override render(): TemplateResult {
    return html`<section class="auth">
      ${brand()}
      <h1>${t('auth.loginTitle')}</h1>
      <p class="muted">${t('auth.loginLead')}</p>
      ${this.renderMessages()}
      <form @submit=${this.submit} novalidate>
        ${field({
          id: 'email',
          label: t('auth.email'),
          control: (describedBy) =>
            html`<input id="email" name="email" type="email" autocomplete="username" required aria-describedby=${describedBy} />`,
        })}
        ${field({
          id: 'password',
          label: t('auth.password'),
          control: (describedBy) =>
            html`<input id="password" name="password" type="password" autocomplete="current-password" required aria-describedby=${describedBy} />`,
        })}
        <button class="primary" type="submit">${t('auth.signIn')}</button>
      </form>
      <p class="alt"><a href="/app/reset-password">${t('auth.forgot')}</a></p>
      <p class="alt">${t('auth.noAccount')} <a href="/app/signup">${t('auth.createAccount')}</a></p>
    </section>`;
  }
}

/** A subdomain from a business name: "Zoë's Yoga Studio" → "zoes-yoga-studio". */
export function slugFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

export class SignupScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    slugEdited: { state: true },
    slug: { state: true },
  };
  static override styles = [Screen.styles, authStyles];

  declare slugEdited: boolean;
  declare slug: string;

  constructor() {
    super();
    this.slugEdited = false;
    this.slug = '';
  }

  private zone(): string {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const body = {
      name: values.business_name,
      business_name: values.business_name,
      subdomain: values.subdomain,
      owner_name: values.owner_name || undefined,
      email: values.email,
      password: values.password,
      timezone: this.zone(),
      currency: values.currency,
      locale: document.documentElement.lang || 'en',
    };
    await this.attempt(async () => {
      await api.post('/signup', body);
      await signedIn();
    });
  }

  override render(): TemplateResult {
    return html`<section class="auth">
      ${brand()}
      <h1>${t('auth.signupTitle')}</h1>
      <p class="muted">${t('auth.signupLead')}</p>
      ${this.renderMessages()}
      <form @submit=${this.submit} novalidate>
        ${field({
          id: 'business_name',
          label: t('auth.businessName'),
          error: this.fieldError('business_name'),
          control: (describedBy, invalid) =>
            html`<input id="business_name" name="business_name" required autocomplete="organization" aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'}
              @input=${(event: Event) => {
                if (!this.slugEdited)
                  this.slug = slugFromName((event.target as HTMLInputElement).value);
              }} />`,
        })}
        ${field({
          id: 'subdomain',
          label: t('auth.bookingAddress'),
          hint: t('auth.bookingAddressHint', {
            url: `${location.origin}/${this.slug || 'your-business'}`,
          }),
          error: this.fieldError('subdomain'),
          control: (describedBy, invalid) =>
            html`<input id="subdomain" name="subdomain" required .value=${this.slug} aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'}
              @input=${(event: Event) => {
                this.slugEdited = true;
                this.slug = (event.target as HTMLInputElement).value;
              }} />`,
        })}
        ${field({
          id: 'owner_name',
          label: t('auth.yourName'),
          control: (describedBy) =>
            html`<input id="owner_name" name="owner_name" autocomplete="name" aria-describedby=${describedBy} />`,
        })}
        ${field({
          id: 'email',
          label: t('auth.email'),
          error: this.fieldError('email'),
          control: (describedBy, invalid) =>
            html`<input id="email" name="email" type="email" autocomplete="email" required aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} />`,
        })}
        ${field({
          id: 'password',
          label: t('auth.password'),
          hint: t('auth.passwordHint'),
          error: this.fieldError('password'),
          control: (describedBy, invalid) =>
            html`<input id="password" name="password" type="password" autocomplete="new-password" minlength="10" required aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} />`,
        })}
        ${field({
          id: 'currency',
          label: t('auth.currency'),
          control: (
            describedBy,
          ) => html`<select id="currency" name="currency" aria-describedby=${describedBy}>
            ${['USD', 'EUR', 'GBP', 'CAD', 'AUD', 'MXN', 'CHF'].map((code) => html`<option value=${code}>${code}</option>`)}
          </select>`,
        })}
        <p class="small muted">${t('auth.zoneNote', { zone: this.zone() })}</p>
        <button class="primary" type="submit">${t('auth.createAccount')}</button>
      </form>
      <p class="alt">${t('auth.haveAccount')} <a href="/app/login">${t('auth.signIn')}</a></p>
    </section>`;
  }
}

export class ResetScreen extends Screen {
  static override properties = {
    ...Screen.properties,
    sent: { state: true },
    done: { state: true },
  };
  static override styles = [Screen.styles, authStyles];

  declare sent: boolean;
  declare done: boolean;

  constructor() {
    super();
    this.sent = false;
    this.done = false;
  }

  private get token(): string | null {
    return this.route?.query.get('token') ?? null;
  }

  private async request(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    const ok = await this.attempt(() => api.post('/auth/password-reset', { email: values.email }));
    if (ok !== undefined || !this.error) this.sent = true;
  }

  private async confirm(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    await this.attempt(async () => {
      await api.post('/auth/password-reset/confirm', {
        token: this.token,
        password: values.password,
      });
      this.done = true;
    });
  }

  override render(): TemplateResult {
    if (this.done) {
      return html`<section class="auth">${brand()}<h1>${t('auth.resetDoneTitle')}</h1>
        <p role="status">${t('auth.resetDone')}</p><p><a class="button primary" href="/app/login">${t('auth.signIn')}</a></p></section>`;
    }
    if (this.token) {
      return html`<section class="auth">${brand()}
        <h1>${t('auth.newPasswordTitle')}</h1>
        ${this.renderMessages()}
        <form @submit=${this.confirm} novalidate>
          ${field({
            id: 'password',
            label: t('auth.newPassword'),
            hint: t('auth.passwordHint'),
            error: this.fieldError('password'),
            control: (describedBy, invalid) =>
              html`<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} />`,
          })}
          <button class="primary" type="submit">${t('auth.savePassword')}</button>
        </form></section>`;
    }
    return html`<section class="auth">${brand()}
      <h1>${t('auth.resetTitle')}</h1>
      ${
        this.sent
          ? html`<p class="notice" role="status">${t('auth.resetSent')}</p>`
          : html`<p class="muted">${t('auth.resetLead')}</p>
            ${this.renderMessages()}
            <form @submit=${this.request} novalidate>
              ${field({
                id: 'email',
                label: t('auth.email'),
                control: (describedBy) =>
                  html`<input id="email" name="email" type="email" autocomplete="username" required aria-describedby=${describedBy} />`,
              })}
              <button class="primary" type="submit">${t('auth.sendLink')}</button>
            </form>`
      }
      <p class="alt"><a href="/app/login">${t('auth.backToLogin')}</a></p>
    </section>`;
  }
}

export class AcceptInvitationScreen extends Screen {
  static override styles = [Screen.styles, authStyles];

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const values = formValues(event.target as HTMLFormElement);
    await this.attempt(async () => {
      await api.post('/auth/accept-invitation', {
        token: this.route?.query.get('token'),
        name: values.name,
        password: values.password,
      });
      await signedIn();
    });
  }

  override render(): TemplateResult {
    return html`<section class="auth">${brand()}
      <h1>${t('auth.inviteTitle')}</h1>
      <p class="muted">${t('auth.inviteLead')}</p>
      ${this.renderMessages()}
      <form @submit=${this.submit} novalidate>
        ${field({
          id: 'name',
          label: t('auth.yourName'),
          control: (describedBy) =>
            html`<input id="name" name="name" autocomplete="name" required aria-describedby=${describedBy} />`,
        })}
        ${field({
          id: 'password',
          label: t('auth.password'),
          hint: t('auth.passwordHint'),
          error: this.fieldError('password'),
          control: (describedBy, invalid) =>
            html`<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby=${describedBy} aria-invalid=${invalid ? 'true' : 'false'} />`,
        })}
        <button class="primary" type="submit">${t('auth.joinTeam')}</button>
      </form></section>`;
  }
}

/** `/app/verify-email?token=…`: the link in the verification e-mail confirms the address. */
export class VerifyEmailScreen extends Screen {
  static override properties = { ...Screen.properties, done: { state: true } };
  static override styles = [Screen.styles, authStyles];

  declare done: boolean;

  constructor() {
    super();
    this.done = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.attempt(async () => {
      await api.post('/auth/verify-email', { token: this.route?.query.get('token') ?? '' });
      this.done = true;
    });
  }

  override render(): TemplateResult {
    return html`<section class="auth">${brand()}
      <h1>${t('auth.verifyTitle')}</h1>
      ${this.done ? html`<p class="notice" role="status">${t('auth.verified')}</p>` : this.renderMessages()}
      <p><a class="button primary" href="/app">${t('app.backHome')}</a></p>
    </section>`;
  }
}

export class LogoutScreen extends Screen {
  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    await api.post('/auth/logout').catch(() => undefined);
    window.dispatchEvent(new Event('bs-signed-out'));
  }

  override render(): TemplateResult | typeof nothing {
    return html`<p role="status" class="muted">${t('auth.signingOut')}</p>`;
  }
}

customElements.define('bs-login-screen', LoginScreen);
customElements.define('bs-signup-screen', SignupScreen);
customElements.define('bs-reset-screen', ResetScreen);
customElements.define('bs-accept-invitation-screen', AcceptInvitationScreen);
customElements.define('bs-logout-screen', LogoutScreen);
customElements.define('bs-verify-email-screen', VerifyEmailScreen);
