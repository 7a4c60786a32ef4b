/**
 * The reference renderer of `booksprintz-booking.block.json`: what the SiteSprintz site
 * builder does with the definition, in a few lines — check the attributes against their
 * declared types, fill in the defaults, render the mode's Mustache template with HTML
 * attribute escaping. The builder may use any Mustache implementation; this one is what
 * the tests hold the definition to.
 *
 * @example
 * renderBookingBlock({ tenant: 'demo', host: 'https://book.example.com', mode: 'popup' });
 */
import Mustache from 'mustache';
import definition from './booksprintz-booking.block.json' with { type: 'json' };

interface AttributeSpec {
  type: 'string';
  required?: boolean;
  default?: string;
  enum?: string[];
  pattern?: string;
  maxLength?: number;
}

export type BookingBlockAttributes = Partial<Record<keyof typeof definition.attributes, string>>;

export const bookingBlock = definition;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** The definition's `"escape": "html-attribute"`. */
export function escapeAttribute(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** The attributes with defaults filled in; throws on a value the definition does not allow. */
export function resolveAttributes(attributes: BookingBlockAttributes): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [name, raw] of Object.entries(definition.attributes)) {
    const spec = raw as AttributeSpec;
    const given = attributes[name as keyof BookingBlockAttributes];
    const value = given ?? spec.default ?? '';
    if (typeof value !== 'string') throw new TypeError(`${name} must be a string`);
    if (spec.required && value === '') throw new RangeError(`${name} is required`);
    if (spec.enum && !spec.enum.includes(value))
      throw new RangeError(`${name} must be one of ${spec.enum.join(', ')}`);
    if (spec.pattern && value !== '' && !new RegExp(spec.pattern).test(value))
      throw new RangeError(`${name} does not match ${spec.pattern}`);
    if (spec.maxLength !== undefined && value.length > spec.maxLength)
      throw new RangeError(`${name} is longer than ${spec.maxLength}`);
    resolved[name] = value;
  }
  return resolved;
}

/** The block's HTML: the widget's embed snippet for the chosen mode. */
export function renderBookingBlock(attributes: BookingBlockAttributes): string {
  const view = resolveAttributes(attributes);
  const template = definition.template.byMode[view.mode as keyof typeof definition.template.byMode];
  return Mustache.render(template, view, {}, { escape: escapeAttribute });
}
