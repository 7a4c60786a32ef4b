import type { ConnectionResponse } from '@booksprintz/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { dateTimeIn } from '../dates.ts';
import { type MessageKey, t } from '../i18n/index.ts';

/** Providers whose calendars can receive bookings (an ICS link is read-only). */
const WRITABLE = new Set(['caldav', 'google', 'microsoft']);

/** What one connection row hands back to its owner element. */
export interface ConnectionActions {
  zone: string;
  busy: boolean;
  setBusy(connection: ConnectionResponse, calendarId: string, busy: boolean): void;
  setWrite(connection: ConnectionResponse, calendarId: string | null): void;
  setOption(
    connection: ConnectionResponse,
    option: 'all_day_blocks' | 'tentative_blocks',
    on: boolean,
  ): void;
  resync(connection: ConnectionResponse): void;
  disconnect(connection: ConnectionResponse): void;
}

const PROVIDERS = ['ics', 'caldav', 'google', 'microsoft'];
const STATUSES = ['pending', 'active', 'error', 'revoked'];

export function providerLabel(provider: string): string {
  return PROVIDERS.includes(provider)
    ? t(`calendars.provider.${provider}` as MessageKey)
    : provider;
}

function statusLabel(status: string): string {
  return STATUSES.includes(status) ? t(`calendars.status.${status}` as MessageKey) : status;
}

const statusClass: Record<string, string> = {
  active: 'ok',
  pending: 'warn',
  error: 'bad',
  revoked: 'bad',
};

/** Where the connection points, without secrets: the host of a link, or the account name. */
export function connectionAccount(connection: ConnectionResponse): string {
  if (!connection.url) return connection.username ?? '';
  try {
    const url = new URL(connection.url);
    if (connection.username) return `${connection.username} · ${url.host}`;
    const file = url.pathname.split('/').filter(Boolean).at(-1);
    return file ? `${url.host} · ${decodeURIComponent(file)}` : url.host;
  } catch {
    return connection.url;
  }
}

/** A provider mark drawn in CSS: a coloured square with its initial, never an image fetch. */
function providerMark(provider: string): TemplateResult {
  const letter = { ics: 'ICS', caldav: 'Cal', google: 'G', microsoft: 'O' }[provider] ?? '?';
  return html`<span class="mark mark-${provider}" aria-hidden="true">${letter}</span>`;
}

/**
 * One connection: provider, account, status, last sync or error, its calendars with
 * "check for conflicts" and "add bookings here", the two blocking options, resync and
 * disconnect. Every change is saved at once, as in Cal.com's and Calendly's screens.
 */
export function connectionItem(
  connection: ConnectionResponse,
  actions: ConnectionActions,
): TemplateResult {
  const id = connection.id;
  const writable = WRITABLE.has(connection.provider);
  const writeTarget = connection.calendars.find((calendar) => calendar.write)?.id ?? null;
  const name = providerLabel(connection.provider);
  const status = connection.status;
  return html`<li class="connection" data-testid="calendar-connection-${id}">
    <div class="conn-head">
      ${providerMark(connection.provider)}
      <div class="conn-title">
        <strong>${name}</strong>
        <span class="muted small account">${connectionAccount(connection)}</span>
      </div>
      <span class="badge ${statusClass[status] ?? ''}" data-testid="calendar-status-${id}"
        >${statusLabel(status)}</span
      >
    </div>
    <p class="small muted sync-line" data-testid="calendar-last-sync-${id}">
      ${
        connection.last_synced_at
          ? t('calendars.lastSynced', {
              when: dateTimeIn(connection.last_synced_at, actions.zone),
            })
          : t('calendars.neverSynced')
      }
    </p>
    ${
      (connection.last_error && status !== 'active') || status === 'revoked'
        ? html`<p class="conn-error small" data-testid="calendar-error-${id}">
          ${status === 'revoked' ? html`${t('calendars.revokedHelp')}<br />` : nothing}
          ${connection.last_error ? t('calendars.lastError', { error: connection.last_error }) : nothing}
        </p>`
        : nothing
    }
    ${
      connection.provider === 'ics' && connection.calendars.length
        ? nothing
        : connection.calendars.length
          ? html`<table class="calendars">
          <caption class="visually-hidden">${t('calendars.calendarsOf')}</caption>
          <thead><tr>
            <th scope="col">${t('calendars.calendar')}</th>
            <th scope="col" class="center">${t('calendars.blocks')}</th>
            ${writable ? html`<th scope="col" class="center">${t('calendars.receives')}</th>` : nothing}
          </tr></thead>
          <tbody>
            ${connection.calendars.map(
              (calendar) => html`<tr>
              <th scope="row" class="cal-name">${calendar.name}</th>
              <td class="center"><input type="checkbox" role="switch" class="switch" .checked=${calendar.busy} ?disabled=${actions.busy}
                aria-label=${t('calendars.blocksFor', { name: calendar.name })}
                @change=${(event: Event) => actions.setBusy(connection, calendar.id, (event.target as HTMLInputElement).checked)} /></td>
              ${
                writable
                  ? html`<td class="center"><input type="radio" name="write-${id}" .checked=${calendar.write} ?disabled=${actions.busy}
                    aria-label=${t('calendars.receivesFor', { name: calendar.name })}
                    @change=${() => actions.setWrite(connection, calendar.id)} /></td>`
                  : nothing
              }
            </tr>`,
            )}
            ${
              writable
                ? html`<tr class="none-row">
                  <td colspan="2" class="muted small">${t('calendars.receivesNone')}</td>
                  <td class="center"><input type="radio" name="write-${id}" .checked=${writeTarget === null} ?disabled=${actions.busy}
                    aria-label=${t('calendars.receivesNone')}
                    @change=${() => actions.setWrite(connection, null)} /></td>
                </tr>`
                : nothing
            }
          </tbody>
        </table>`
          : html`<p class="muted small">${t('calendars.noCalendars')}</p>`
    }
    <div class="conn-foot">
    <details class="options">
      <summary class="small">${t('calendars.options')}</summary>
      <label class="check small"><input type="checkbox" .checked=${connection.all_day_blocks} ?disabled=${actions.busy}
        @change=${(event: Event) => actions.setOption(connection, 'all_day_blocks', (event.target as HTMLInputElement).checked)} />
        ${t('calendars.allDayBlocks')}</label>
      <label class="check small"><input type="checkbox" .checked=${connection.tentative_blocks} ?disabled=${actions.busy}
        @change=${(event: Event) => actions.setOption(connection, 'tentative_blocks', (event.target as HTMLInputElement).checked)} />
        ${t('calendars.tentativeBlocks')}</label>
    </details>
    <div class="conn-actions">
      <button type="button" ?disabled=${actions.busy} @click=${() => actions.resync(connection)}>${t('calendars.resync')}</button>
      <button type="button" class="danger" ?disabled=${actions.busy} @click=${() => actions.disconnect(connection)}>${t('calendars.disconnect')}</button>
    </div>
    </div>
  </li>`;
}
