import { css } from 'lit';

/**
 * The owner app's visual language, shared by every screen: white cards on a light
 * grey page, one accent colour, 44 px touch targets, visible focus rings.
 */
export const shared = css`
  :host {
    --bs-accent: #4f46e5;
    --bs-accent-strong: #4338ca;
    --bs-accent-soft: #eef2ff;
    --bs-text: #1d2333;
    --bs-muted: #5b6475;
    --bs-border: #d9dde7;
    --bs-surface: #fff;
    --bs-page: #f6f7fb;
    --bs-danger: #b42318;
    --bs-danger-soft: #fef3f2;
    --bs-ok: #067647;
    --bs-ok-soft: #ecfdf3;
    --bs-radius: 10px;
    color: var(--bs-text);
    font: inherit;
    display: block;
  }
  *, *::before, *::after { box-sizing: border-box; }
  h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 4px; }
  /* Headings get focus when a screen opens (for screen readers), not a ring. */
  h1[tabindex='-1']:focus { outline: none; }
  h2 { font-size: 1.125rem; margin: 0 0 12px; }
  h3 { font-size: 1rem; margin: 0 0 8px; }
  p { margin: 0 0 12px; }
  a { color: var(--bs-accent-strong); }
  .muted { color: var(--bs-muted); }
  .small { font-size: 0.875rem; }
  .page-head { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; justify-content: space-between; margin-bottom: 20px; }
  .page-head p { margin: 0; }
  .card { background: var(--bs-surface); border: 1px solid var(--bs-border); border-radius: var(--bs-radius); padding: 20px; margin-bottom: 16px; }
  .stack > * + * { margin-top: 12px; }
  .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
  .grid { display: grid; gap: 14px 16px; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
  label, .label { display: block; font-weight: 600; font-size: 0.875rem; margin-bottom: 4px; }
  .hint { display: block; font-weight: 400; color: var(--bs-muted); font-size: 0.8125rem; margin-top: 4px; overflow-wrap: anywhere; }
  .field-error { display: block; color: var(--bs-danger); font-size: 0.8125rem; margin-top: 4px; }
  input, select, textarea {
    font: inherit; color: inherit; width: 100%; min-height: 44px; padding: 8px 12px;
    border: 1px solid #b9bfcc; border-radius: 8px; background: #fff;
  }
  textarea { min-height: 88px; resize: vertical; }
  input[type='checkbox'], input[type='radio'] { width: 20px; min-height: 20px; height: 20px; margin: 0; accent-color: var(--bs-accent); }
  input[type='color'] { padding: 4px; width: 64px; }
  input[aria-invalid='true'] { border-color: var(--bs-danger); }
  .check { display: flex; gap: 10px; align-items: center; font-weight: 500; min-height: 44px; }
  :focus-visible { outline: 3px solid #818cf8; outline-offset: 2px; }
  button, .button {
    font: inherit; font-weight: 600; display: inline-flex; align-items: center; justify-content: center; gap: 6px;
    min-height: 44px; padding: 8px 16px; border-radius: 8px; border: 1px solid var(--bs-border);
    background: #fff; color: var(--bs-text); cursor: pointer; text-decoration: none;
  }
  button:hover, .button:hover { background: #f2f4f8; }
  button.primary, .button.primary { background: var(--bs-accent); border-color: var(--bs-accent); color: #fff; }
  button.primary:hover, .button.primary:hover { background: var(--bs-accent-strong); }
  button.danger { color: var(--bs-danger); border-color: #f3b3ad; }
  button.danger:hover { background: var(--bs-danger-soft); }
  button.link { border: 0; background: none; color: var(--bs-accent-strong); padding: 8px 4px; min-height: 0; text-decoration: underline; }
  button[disabled] { opacity: 0.6; cursor: not-allowed; }
  .error { background: var(--bs-danger-soft); color: var(--bs-danger); border: 1px solid #fecdca; border-radius: 8px; padding: 10px 14px; margin: 0 0 12px; }
  .notice { background: var(--bs-ok-soft); color: var(--bs-ok); border: 1px solid #abefc6; border-radius: 8px; padding: 10px 14px; margin: 0 0 12px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 10px 8px; border-bottom: 1px solid #eceef3; vertical-align: middle; }
  th { font-size: 0.8125rem; color: var(--bs-muted); font-weight: 600; }
  .table-wrap { overflow-x: auto; }
  .badge { display: inline-block; padding: 2px 8px; border-radius: 999px; font-size: 0.75rem; font-weight: 600; background: #eef0f4; color: #364152; }
  .badge.ok { background: var(--bs-ok-soft); color: var(--bs-ok); }
  .badge.warn { background: #fffaeb; color: #b54708; }
  .empty { text-align: center; padding: 32px 16px; color: var(--bs-muted); }
  .actions { display: flex; flex-wrap: wrap; gap: 8px; justify-content: flex-end; margin-top: 16px; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 0.8125rem; }
  pre { background: #0f172a; color: #e2e8f0; padding: 14px; border-radius: 8px; overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 0; }
  dialog { border: 0; border-radius: 14px; padding: 0; width: min(560px, calc(100vw - 24px)); box-shadow: 0 20px 60px rgb(15 23 42 / 0.3); }
  dialog::backdrop { background: rgb(15 23 42 / 0.45); }
  dialog form, dialog .dialog-body { padding: 22px; }
  @media (max-width: 560px) {
    .card { padding: 16px; }
    h1 { font-size: 1.3rem; }
  }
  /*
   * A list that becomes one card per row on a phone (a table of class "stacked"): the
   * header row hidden, each row a box of its own whose cells the screen lays out, and a
   * link of class "row-link" that opens the whole card. Wide screens keep the table.
   */
  @media (max-width: 560px) {
    table.stacked thead { display: none; }
    table.stacked tr { position: relative; padding: 12px 0; border-bottom: 1px solid #eceef3; }
    table.stacked td { border: 0; padding: 0; min-width: 0; }
    table.stacked .row-link::after { content: ''; position: absolute; inset: 0; }
  }
`;
