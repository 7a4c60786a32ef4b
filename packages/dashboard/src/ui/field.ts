import { html, nothing, type TemplateResult } from 'lit';

export interface FieldOptions {
  id: string;
  label: string;
  /** The control, rendered with `id` and, when there is a hint or an error, aria-describedby. */
  control: (describedBy: string | typeof nothing, invalid: boolean) => TemplateResult;
  hint?: string | undefined;
  error?: string | undefined;
}

/**
 * A labelled form control: the `<label for>` outside scripts and screen readers find it
 * by (DASHBOARD.md "Forms"), its hint and the API's error for it, both described-by.
 */
export function field(options: FieldOptions): TemplateResult {
  const ids = [options.hint ? `${options.id}-hint` : '', options.error ? `${options.id}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="field">
    <label for=${options.id}>${options.label}</label>
    ${options.control(ids || nothing, Boolean(options.error))}
    ${options.hint ? html`<span class="hint" id="${options.id}-hint">${options.hint}</span>` : nothing}
    ${options.error ? html`<span class="field-error" id="${options.id}-error">${options.error}</span>` : nothing}
  </div>`;
}

/** Reads a form's named controls as strings (checkboxes as "on" when ticked). */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) {
    if (typeof value === 'string') values[key] = value;
  }
  return values;
}

/** Every value of a multi-valued control (checkbox group). */
export function formList(form: HTMLFormElement, name: string): string[] {
  return new FormData(form)
    .getAll(name)
    .filter((value): value is string => typeof value === 'string');
}
