/** Helpers for driving <book-sprintz> in component tests. */
import { fixture, waitUntil } from '@open-wc/testing';
import '../src/index.ts';
import type { BookSprintz } from '../src/book-sprintz/book-sprintz.ts';
import { now } from './clock.ts';
import { API } from './fake-api.ts';

/**
 * Mounts the element with `tenant="demo"`, the fake API and the test clock (set before
 * the element connects, so even its first load reads it), plus any attributes.
 */
export async function mount(
  attributes: Record<string, string> = {},
  wrapper = '',
): Promise<BookSprintz> {
  const el = document.createElement('book-sprintz');
  for (const [name, value] of Object.entries({ tenant: 'demo', api: API, ...attributes }))
    el.setAttribute(name, value);
  el.now = now;
  if (!wrapper) return fixture<BookSprintz>(el);
  const host = await fixture<HTMLElement>(wrapper.replace('<slot></slot>', '<i id="mount"></i>'));
  (host.id === 'mount' ? host : host.querySelector('#mount'))!.replaceWith(el);
  await el.updateComplete;
  return el;
}

export function $(el: BookSprintz, selector: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(selector);
}

export function $$(el: BookSprintz, selector: string): HTMLElement[] {
  return [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
}

export const byTestId = (el: BookSprintz, id: string) => $(el, `[data-testid="${id}"]`);

/** Waits for an element with the test id, then returns it. */
export async function find(el: BookSprintz, id: string, what = id): Promise<HTMLElement> {
  await waitUntil(() => byTestId(el, id), `no [data-testid="${what}"]`, { timeout: 3000 });
  return byTestId(el, id)!;
}

export async function click(el: BookSprintz, id: string): Promise<void> {
  (await find(el, id)).click();
  await el.updateComplete;
}

export const step = (el: BookSprintz) => $(el, 'section[data-step]')?.dataset.step;

export async function waitForStep(el: BookSprintz, name: string): Promise<void> {
  await waitUntil(() => step(el) === name, `step is ${step(el)}, not ${name}`, { timeout: 3000 });
}

/** The day the widget selected (the first with free times). */
export async function selectedDay(el: BookSprintz): Promise<string> {
  await waitUntil(() => $(el, '.day.selected'), 'no selected day', { timeout: 3000 });
  return $(el, '.day.selected')!.dataset.date!;
}

/** Service → any staff → the time step with its first day selected. */
export async function toTimeStep(el: BookSprintz, service = 'haircut'): Promise<string> {
  await click(el, `service-${service}`);
  await click(el, 'staff-any');
  await waitForStep(el, 'time');
  return selectedDay(el);
}

/** …then the 09:00 slot, to the details step. */
export async function toDetailsStep(el: BookSprintz, slot = '09:00'): Promise<void> {
  await toTimeStep(el);
  await click(el, `slot-${slot}`);
  await waitForStep(el, 'details');
}

export function fill(el: BookSprintz, values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    const input = $(el, `[name="${name}"]`) as HTMLInputElement;
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  }
}

/** The focused element inside the widget's shadow root. */
export const active = (el: BookSprintz) => el.shadowRoot!.activeElement as HTMLElement | null;

/** Runs a command of a test-runner plugin (the browser half of @web/test-runner-commands). */
export async function command<T = unknown>(name: string, payload?: unknown): Promise<T> {
  const sessionId = new URL(location.href).searchParams.get('wtr-session-id');
  const socket = await import(/* @vite-ignore */ '/__web-dev-server__web-socket.js' as string);
  const response = await socket.sendMessageWaitForResponse({
    type: 'wtr-command',
    sessionId,
    command: name,
    payload,
  });
  if (!response.executed) throw new Error(`command ${name} was not executed`);
  return response.result as T;
}

/** Real key presses through Playwright (not synthetic events). */
export async function press(...keys: string[]): Promise<void> {
  for (const key of keys) await command('send-keys', { press: key });
}

export async function type(text: string): Promise<void> {
  await command('send-keys', { type: text });
}

export const setViewport = (width: number, height: number) =>
  command('set-viewport', { width, height });

export const screenshot = (name: string) => command('bs-screenshot', { name });

/** Presses Tab until `predicate` holds for the focused element (at most `max` times). */
export async function tabTo(
  el: BookSprintz,
  predicate: (focused: HTMLElement | null) => boolean,
  max = 60,
): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (predicate(active(el))) return;
    await press('Tab');
  }
  throw new Error(
    `Tab never reached the target; focus is on ${active(el)?.outerHTML.slice(0, 120)}`,
  );
}

export const testIdIs = (id: string) => (focused: HTMLElement | null) =>
  focused?.dataset.testid === id;

/**
 * With the keyboard only, from the service step to pressing Book now: `service`, any
 * staff member, 10:00 on the preselected day, Kim Keys <kim@example.com>.
 */
export async function bookWithKeyboard(el: BookSprintz, service: string): Promise<void> {
  await waitForStep(el, 'service');
  el.focus();
  await tabTo(el, testIdIs(`service-${service}`));
  await press('Enter');
  await waitForStep(el, 'staff');
  await tabTo(el, testIdIs('staff-any'));
  await press('Space');
  await waitForStep(el, 'time');
  await selectedDay(el);
  await tabTo(el, testIdIs('slot-10:00'));
  await press('Enter');
  await waitForStep(el, 'details');
  await tabTo(el, (f) => f?.getAttribute('name') === 'name');
  await type('Kim Keys');
  await press('Tab');
  await type('kim@example.com');
  await tabTo(el, testIdIs('book-now'));
  await press('Enter');
}
