import { css } from 'lit';

/** Connection rows, provider buttons and the feed line of `<bs-staff-calendars>`. */
export const staffCalendarsStyles = css`
  .connections { list-style: none; margin: 0 0 8px; padding: 0; display: grid; gap: 12px; }
  .connection { min-width: 0; border: 1px solid var(--bs-border); border-radius: var(--bs-radius); padding: 14px 16px; }
  .conn-head { display: flex; align-items: center; gap: 12px; }
  .conn-title { display: flex; flex-direction: column; min-width: 0; flex: 1; }
  .account { overflow-wrap: anywhere; }
  .sync-line { margin: 8px 0 0; }
  .conn-error { margin: 8px 0 0; padding: 8px 12px; border-radius: 8px; background: var(--bs-danger-soft); color: var(--bs-danger); overflow-wrap: anywhere; }
  input.switch {
    appearance: none; width: 40px; height: 24px; min-height: 24px; border-radius: 999px; border: 0; padding: 0;
    background: #c4c9d4; position: relative; cursor: pointer; transition: background 0.15s;
  }
  input.switch::after {
    content: ''; position: absolute; top: 3px; left: 3px; width: 18px; height: 18px; border-radius: 50%;
    background: #fff; box-shadow: 0 1px 2px rgb(15 23 42 / 0.3); transition: transform 0.15s;
  }
  input.switch:checked { background: var(--bs-accent); }
  input.switch:checked::after { transform: translateX(16px); }
  input.switch:disabled { opacity: 0.6; cursor: wait; }
  .badge.bad { background: var(--bs-danger-soft); color: var(--bs-danger); }
  .mark {
    flex: none; display: inline-grid; place-items: center; width: 32px; height: 32px; border-radius: 8px;
    font-size: 0.6875rem; font-weight: 700; color: #fff; letter-spacing: 0.02em;
  }
  .mark-google { background: #1a73e8; }
  .mark-microsoft { background: #0f6cbd; }
  .mark-caldav { background: #475467; }
  .mark-ics { background: #7a5af8; }
  table.calendars { margin-top: 10px; }
  table.calendars th, table.calendars td { padding: 6px 8px; }
  table.calendars .cal-name { font-weight: 500; font-size: 0.9375rem; color: var(--bs-text); overflow-wrap: anywhere; }
  table.calendars .center { text-align: center; width: 7.5rem; }
  table.calendars td.center input { vertical-align: middle; }
  table.calendars .none-row td { border-bottom: 0; }
  .options { margin-top: 8px; }
  .options summary { cursor: pointer; color: var(--bs-muted); font-weight: 600; min-height: 44px; display: inline-flex; align-items: center; gap: 6px; list-style: none; }
  .options summary::-webkit-details-marker { display: none; }
  .options summary::before { content: ''; width: 6px; height: 6px; border: solid currentColor; border-width: 0 2px 2px 0; transform: rotate(-45deg); transition: transform 0.15s; }
  .options[open] summary::before { transform: rotate(45deg); }
  .options[open] { display: flex; flex-wrap: wrap; gap: 0 20px; }
  .options[open] summary { flex-basis: 100%; }
  .options .check { min-height: 36px; font-weight: 500; }
  .conn-foot { display: flex; flex-wrap: wrap; gap: 8px; align-items: start; justify-content: space-between; }
  .conn-actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; margin-top: 8px; margin-left: auto; }
  .empty-line { padding: 16px; border: 1px dashed var(--bs-border); border-radius: var(--bs-radius); text-align: center; }
  .connect-title { margin-top: 20px; }
  .providers { display: grid; gap: 8px; grid-template-columns: repeat(auto-fill, minmax(210px, 1fr)); }
  .provider { justify-content: flex-start; text-align: left; gap: 10px; padding: 8px 12px; }
  .provider[aria-expanded='true'] { border-color: var(--bs-accent); background: var(--bs-accent-soft); }
  .provider .mark { width: 26px; height: 26px; font-size: 0.625rem; }
  .connect-form { margin-top: 12px; padding: 16px; border-radius: var(--bs-radius); background: #f8f9fc; border: 1px solid var(--bs-border); }
  .connect-form h4 { margin: 0 0 12px; font-size: 0.9375rem; }
  .connect-form .field { margin-bottom: 12px; }
  .note { background: #fffaeb; border: 1px solid #fedf89; color: #7a2e0e; border-radius: 8px; padding: 8px 12px; margin: 0; }
  .feed { margin-top: 20px; padding-top: 16px; border-top: 1px solid #eceef3; }
  .feed-row { display: flex; flex-wrap: wrap; gap: 8px; }
  .feed-row input { flex: 1 1 260px; min-width: 0; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.8125rem; background: #f8f9fc; }
  @media (max-width: 560px) {
    .connection { padding: 12px; }
    table.calendars .center { width: 5.5rem; font-size: 0.75rem; }
    .feed-row button { flex: 1 1 auto; }
  }
`;
