import { unsafeCSS } from 'lit';

/**
 * The styles have no `${…}` in them, so Lit's `css` tag (which checks interpolated values,
 * with a long error message for each misuse) is more than they need: `unsafeCSS` of the one
 * string is the same `CSSResult`, and 140 bytes less gzipped. Named `css` so editors and
 * scripts/minify-literals.ts still treat the template as CSS.
 */
const css = (strings: TemplateStringsArray) => unsafeCSS(strings[0]);

/*
 * Sizes are in em from a fixed 16px base on :host (overridable with --bs-font-size), not
 * rem: host pages often change the root font size (html { font-size: 62.5% }).
 * Default colours meet 4.5:1 for text in light and dark; --_muted is mixed from text and
 * background at a ratio that keeps ≥ 4.5:1 on both. light-dark() follows color-scheme:
 * the visitor's OS setting, or the `theme` attribute.
 */
export const styles = css`
  :host {
    display: block;
    color-scheme: light dark;
    font: var(--bs-font-size, 16px) / 1.45 var(--bs-font-family, system-ui, sans-serif);
    --_text: var(--bs-color-text, light-dark(#1f2937, #f3f4f6));
    --_bg: var(--bs-color-background, light-dark(#fff, #111827));
    --_danger: light-dark(#b91c1c, #fca5a5);
    --_radius: var(--bs-radius, 10px);
    --_r: calc(var(--_radius) * 0.8);
    color: var(--_text);
  }
  :host([theme='light']) {
    color-scheme: light;
  }
  :host([theme='dark']) {
    color-scheme: dark;
  }
  :host([mode='popup']) {
    display: inline-block;
  }
  /* The tenant's colour arrives as --_tenant-* on these two (set from JS, CSSOM). */
  .root,
  .trigger {
    --_primary: var(--bs-color-primary, var(--_tenant-primary, #1d4ed8));
    --_on-primary: var(--bs-color-on-primary, var(--_tenant-on-primary, #fff));
    --_tint: color-mix(in srgb, var(--_primary) 12%, var(--_bg));
  }
  .root {
    --_muted: color-mix(in srgb, var(--_text) 72%, var(--_bg));
    --_line: color-mix(in srgb, var(--_text) 18%, var(--_bg));
    --_field: color-mix(in srgb, var(--_text) 50%, var(--_bg));
    container-type: inline-size;
    min-height: var(--bs-min-height, 34em);
    padding: 1em;
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    text-align: start;
  }
  * {
    box-sizing: border-box;
  }
  h2,
  h3,
  p,
  ul {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  h2,
  h3 {
    font-size: 1em;
  }
  button,
  .button,
  input,
  textarea {
    font: inherit;
    color: inherit;
    border: 1px solid var(--_field);
    border-radius: var(--_r);
    background: var(--_bg);
  }
  button,
  .button {
    cursor: pointer;
    padding: 0.7em 1.1em;
    text-decoration: none;
    font-weight: 600;
  }
  button:hover,
  .button:hover {
    background: var(--_tint);
  }
  :focus-visible {
    outline: 2px solid var(--_text);
    outline-offset: 2px;
  }
  [aria-disabled='true'] {
    cursor: default;
    opacity: 0.6;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  .muted,
  .hint {
    color: var(--_muted);
  }
  .hint {
    font-size: 0.875em;
    font-weight: 400;
  }
  .header,
  .step-head,
  .month-nav,
  .actions,
  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5em 0.75em;
  }
  .header {
    padding-bottom: 0.75em;
    margin-bottom: 1em;
    border-bottom: 1px solid var(--_line);
  }
  .logo {
    height: 2em;
  }
  .business,
  .step-head h2,
  .month-nav h3 {
    flex: 1;
    font-weight: 700;
  }
  .business {
    min-height: 1.5em;
  }
  .step-head {
    margin-bottom: 0.85em;
  }
  .step-head h2 {
    font-size: 1.15em;
    outline: none;
  }
  .back {
    padding: 0.3em 0.7em;
    font-weight: 400;
  }
  .icon {
    width: 2.5em;
    height: 2.5em;
    padding: 0;
    border: none;
    border-radius: 50%;
  }

  /* services and staff */
  .choices {
    display: grid;
    gap: 0.6em;
  }
  @container (min-width: 36em) {
    .choices {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  .choice {
    display: grid;
    gap: 0.15em;
    align-content: start;
    width: 100%;
    height: 100%;
    padding: 0.8em 1em;
    border-color: var(--_line);
    text-align: start;
  }
  .choice:hover {
    border-color: var(--_primary);
  }
  .person {
    grid-template-columns: 2.75em 1fr;
    column-gap: 0.75em;
    align-items: center;
  }
  .avatar {
    grid-row: span 2;
    display: grid;
    place-items: center;
    width: 2.75em;
    height: 2.75em;
    border-radius: 50%;
    background: var(--_tint);
    object-fit: cover;
  }

  /* date and time */
  .time {
    display: grid;
    gap: 1.25em;
  }
  @container (min-width: 40em) {
    .time {
      grid-template-columns: minmax(0, 1.15fr) minmax(0, 1fr);
      align-items: start;
    }
  }
  .month-nav h3 {
    text-align: center;
  }
  /* "noviembre de 2026" → "Noviembre de 2026" (capitalize would give "De") */
  .month-nav h3::first-letter {
    text-transform: uppercase;
  }
  table {
    width: 100%;
    border-collapse: collapse;
    table-layout: fixed;
    margin-top: 0.35em;
  }
  th {
    padding: 0.3em 0;
    font-size: 0.75em;
    color: var(--_muted);
    text-transform: capitalize;
  }
  td {
    padding: 2px;
    text-align: center;
  }
  .day {
    width: 100%;
    max-width: 2.75em;
    aspect-ratio: 1;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: none;
    color: var(--_muted);
    font-weight: 400;
    opacity: 1;
  }
  .open {
    background: var(--_tint);
    color: var(--_text);
    font-weight: 700;
  }
  .open:hover {
    background: color-mix(in srgb, var(--_primary) 28%, var(--_bg));
  }
  .selected,
  .selected:hover,
  .primary,
  .primary:hover,
  .slot[aria-busy='true'] {
    border-color: transparent;
    background: var(--_primary);
    color: var(--_on-primary);
  }
  [aria-current='date'] {
    text-decoration: underline 2px;
    text-underline-offset: 3px;
  }
  [aria-busy='true'] tbody {
    opacity: 0.5;
  }
  .zone,
  .field,
  form,
  .summary,
  .skeleton {
    display: grid;
    gap: 0.3em;
  }
  .zone {
    margin-bottom: 0.75em;
  }
  .combo {
    position: relative;
  }
  #zones {
    position: absolute;
    z-index: 1;
    width: 100%;
    max-height: 16em;
    overflow: auto;
    background: var(--_bg);
    border: 1px solid var(--_line);
    border-radius: var(--_r);
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.18);
  }
  #zones li {
    padding: 0.5em 0.7em;
    cursor: pointer;
  }
  #zones .active,
  #zones li:hover {
    background: var(--_tint);
  }
  #zones [aria-selected='true'] {
    font-weight: 700;
  }
  label {
    font-size: 0.9em;
    font-weight: 600;
  }
  input,
  textarea {
    width: 100%;
    padding: 0.55em 0.7em;
  }
  .slots h3 {
    margin: 0.25em 0 0.6em;
    /* Scrolled into view on a phone: the first times come into view with it. */
    scroll-margin-bottom: 7em;
  }
  .slot-list {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(6.25em, 1fr));
    gap: 0.5em;
  }
  .slot {
    display: grid;
    width: 100%;
    padding: 0.6em 0.4em;
    border-color: var(--_primary);
  }
  .slot .hint {
    font-size: 0.75em;
  }

  /* details */
  .summary,
  .notice,
  .error {
    padding: 0.75em 1em;
    margin-bottom: 0.75em;
    border: 1px solid var(--_line);
    border-radius: var(--_r);
  }
  form {
    gap: 0.85em;
    margin-top: 0.85em;
  }
  [aria-invalid='true'] {
    border: 2px solid var(--_danger);
  }
  .field-error {
    font-size: 0.875em;
    color: var(--_danger);
  }

  /* deposit: room for Stripe's form before it arrives */
  .payment {
    min-height: 12em;
    margin: 0.75em 0;
  }

  /* errors, confirmation */
  .error {
    justify-content: space-between;
    column-gap: 1em;
    margin-bottom: 1em;
    border-color: var(--_danger);
  }
  .error button {
    padding: 0.4em 0.9em;
  }
  .code {
    margin-bottom: 0.75em;
    font: 800 1.75em ui-monospace, monospace;
    letter-spacing: 0.12em;
  }
  .notice,
  .error {
    border-left-width: 4px;
  }
  .notice {
    border-left-color: var(--_primary);
    background: var(--_tint);
  }
  .actions {
    margin: 1em 0 0.5em;
  }
  .link {
    padding: 0.5em 0;
    border: none;
    background: none;
    text-decoration: underline;
  }

  /* loading placeholder: fills the reserved height, so nothing below moves */
  .skeleton {
    gap: 0.6em;
  }
  .skeleton div,
  .bar {
    display: block;
    height: 4.2em;
    border-radius: var(--_r);
    background: var(--_line);
    /* Still for a moment: most loads end first, and draw no frame until then (DESIGN §9). */
    animation: pulse 1.4s 0.6s infinite;
  }
  .bar {
    width: 9em;
    height: 1.3em;
  }
  .skeleton div:first-child {
    height: 1.6em;
    width: 45%;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    * {
      animation: none !important;
    }
  }

  /* popup */
  .trigger {
    padding: 0.8em 1.4em;
    border-radius: 2em;
    box-shadow: 0 4px 14px rgb(0 0 0 / 0.18);
  }
  dialog {
    width: min(46em, 100vw - 1em);
    max-width: none;
    max-height: calc(100dvh - 1em);
    padding: 0;
    border: none;
    border-radius: var(--_radius);
    background: none;
    color: inherit;
  }
  dialog .root {
    min-height: min(34em, 100dvh - 1em);
  }
  dialog::backdrop {
    background: rgb(15 23 42 / 0.55);
  }
`;
