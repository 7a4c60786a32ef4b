/**
 * The manage page's CSS: the widget's visual language (system font, 10px radius, the
 * business's colour for primary actions and slot outlines, tinted notices, light and
 * dark schemes) in plain CSS, because the page runs no script. The brand colour and the
 * text on it arrive as `--brand` / `--on-brand` on `<html>`.
 */
export const MANAGE_PAGE_CSS = `
:root {
  color-scheme: light dark;
  --text: light-dark(#1f2937, #f3f4f6);
  --bg: light-dark(#fff, #111827);
  --page: light-dark(#f3f4f6, #030712);
  --danger: light-dark(#b91c1c, #fca5a5);
  --muted: color-mix(in srgb, var(--text) 72%, var(--bg));
  --line: color-mix(in srgb, var(--text) 18%, var(--bg));
  --tint: color-mix(in srgb, var(--brand) 12%, var(--bg));
  --radius: 10px;
  --r: 8px;
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--text); background: var(--page); }
.brand { background: var(--brand); color: var(--on-brand); }
.brand-inner { max-width: 40rem; margin: 0 auto; padding: 1rem 2rem; display: flex; align-items: center; min-height: 4.5rem; }
.brand img { max-height: 2.5rem; max-width: 14rem; display: block; }
.brand-name { font-weight: 700; font-size: 1.2rem; }
main { max-width: 40rem; margin: -0.5rem auto 2rem; padding: 0 0.75rem; }
.card { background: var(--bg); border: 1px solid var(--line); border-radius: var(--radius); padding: 1.25rem 1.25rem 1.5rem; margin-top: 1rem; }
h1 { font-size: 1.45rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.1rem; margin: 0 0 0.75rem; }
h3 { font-size: 1rem; margin: 1.25rem 0 0.6rem; }
p { margin: 0 0 0.75rem; }
.pill { display: inline-block; font-size: 0.85rem; font-weight: 600; padding: 0.15rem 0.7rem; border-radius: 2rem; background: var(--tint); color: var(--text); border: 1px solid color-mix(in srgb, var(--brand) 40%, var(--bg)); }
.pill.cancelled, .pill.no_show { background: color-mix(in srgb, var(--danger) 12%, var(--bg)); border-color: color-mix(in srgb, var(--danger) 40%, var(--bg)); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.5rem 1.25rem; margin: 1.25rem 0 0; }
dt { color: var(--muted); font-size: 0.9rem; padding-top: 0.1rem; }
dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
.muted, dd small { display: block; color: var(--muted); font-weight: 400; font-size: 0.875rem; }
.code { font: 700 1.05rem ui-monospace, monospace; letter-spacing: 0.12em; }
.button, button { display: inline-flex; align-items: center; justify-content: center; gap: 0.4rem; font: inherit; font-weight: 600; min-height: 2.75rem; padding: 0.55rem 1.1rem; border-radius: var(--r); border: 1px solid var(--brand); color: var(--text); background: var(--bg); text-decoration: none; cursor: pointer; }
.button.primary, button.primary { background: var(--brand); color: var(--on-brand); }
.button.danger, button.danger { border-color: var(--danger); color: var(--danger); }
button.danger.primary { background: var(--danger); color: var(--bg); }
.button:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline: 3px solid color-mix(in srgb, var(--brand) 60%, transparent); outline-offset: 2px; }
.actions { display: flex; flex-wrap: wrap; gap: 0.6rem; margin-top: 1rem; }
.calendar { margin-top: 1.25rem; padding-top: 1rem; border-top: 1px solid var(--line); }
.calendar .actions { margin-top: 0.5rem; }
label { display: block; font-size: 0.9rem; font-weight: 600; }
input, select { display: block; width: 100%; font: inherit; font-weight: 400; margin-top: 0.3rem; padding: 0.55rem 0.7rem; border: 1px solid color-mix(in srgb, var(--text) 50%, var(--bg)); border-radius: var(--r); background: var(--bg); color: var(--text); min-height: 2.75rem; }
.fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(12rem, 1fr)); gap: 0.85rem; }
.slot-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(8rem, 1fr)); gap: 0.5rem; }
.slot { width: 100%; }
.slot small { display: block; font-weight: 400; font-size: 0.75rem; color: var(--muted); }
.notice { padding: 0.75rem 1rem; border: 1px solid var(--line); border-left: 4px solid var(--brand); border-radius: var(--r); background: var(--tint); margin: 1rem 0 0; font-weight: 600; }
.notice.problem { border-left-color: var(--danger); background: color-mix(in srgb, var(--danger) 10%, var(--bg)); }
.confirm { border: 2px solid var(--brand); }
.confirm.danger { border-color: var(--danger); }
footer { text-align: center; color: var(--muted); font-size: 0.8rem; margin: 1.5rem 0; }
@media (max-width: 30rem) {
  dl { grid-template-columns: 1fr; gap: 0.15rem; }
  dd { margin-bottom: 0.6rem; }
  .actions > * { flex: 1 1 100%; }
}
`;
