import { ContextConsumer } from '@lit/context';
import { type CSSResultGroup, html, LitElement, nothing, type TemplateResult } from 'lit';
import { ApiProblem } from './api.ts';
import { t } from './i18n/index.ts';
import type { Route } from './router.ts';
import { type Session, sessionContext } from './session.ts';
import { shared } from './styles.ts';

/** What a failed request says to the owner: the API's own words, or "can't reach". */
export function problemMessage(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return t('app.unreachable');
    return error.message;
  }
  return t('app.unexpected');
}

/**
 * Base of every screen: the route it was opened with, the session from the shell's
 * context, and one error line (`data-testid="error"`, role alert) as DASHBOARD.md asks.
 */
export class Screen extends LitElement {
  static override properties = {
    route: { attribute: false },
    error: { state: true },
    notice: { state: true },
  };

  declare route: Route;
  declare error: unknown;
  declare notice: string;

  static override styles: CSSResultGroup = [shared];

  private consumer = new ContextConsumer(this, { context: sessionContext, subscribe: true });

  constructor() {
    super();
    this.error = null;
    this.notice = '';
  }

  get session(): Session | undefined {
    return this.consumer.value;
  }

  /** Runs a request, keeping its failure for `renderMessages`; answers undefined on failure. */
  protected async attempt<T>(work: () => Promise<T>): Promise<T | undefined> {
    this.error = null;
    this.notice = '';
    try {
      return await work();
    } catch (error) {
      this.error = error;
      return undefined;
    }
  }

  protected renderMessages(): TemplateResult | typeof nothing {
    if (this.error) {
      return html`<p class="error" role="alert" data-testid="error">${problemMessage(this.error)}</p>`;
    }
    if (this.notice) return html`<p class="notice" role="status">${this.notice}</p>`;
    return nothing;
  }

  /** The API's message for one field of the last failed save. */
  protected fieldError(path: string): string | undefined {
    return this.error instanceof ApiProblem ? this.error.fieldError(path) : undefined;
  }
}
