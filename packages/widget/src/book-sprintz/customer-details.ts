import type { ApiError } from '../api/client.ts';

/** The details form's fields (WIDGET.md: inputs named name, email, phone, notes). */
export type Field = 'name' | 'email' | 'phone' | 'notes';
export type Customer = Record<Field, string>;
/** A translation key of the message shown under a field. */
export type FieldProblem = 'required' | 'invalidEmail' | 'invalidPhone' | 'invalidField';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// The API's pattern (`phone` in the shared schemas), so what passes here passes there.
const PHONE = /^\+?[0-9][0-9 ().-]{5,40}$/;

export function validate(customer: Customer): Partial<Record<Field, FieldProblem>> {
  const problems: Partial<Record<Field, FieldProblem>> = {};
  if (!customer.name.trim()) problems.name = 'required';
  if (!customer.email.trim()) problems.email = 'required';
  else if (!EMAIL.test(customer.email.trim())) problems.email = 'invalidEmail';
  if (customer.phone.trim() && !PHONE.test(customer.phone.trim())) problems.phone = 'invalidPhone';
  return problems;
}

/** Server-side field errors (`customer.email`, `/customer/email`) onto the form's fields. */
export function fieldProblems(error: ApiError): Partial<Record<Field, FieldProblem>> {
  const problems: Partial<Record<Field, FieldProblem>> = {};
  const byField: Record<Field, FieldProblem> = {
    name: 'invalidField',
    email: 'invalidEmail',
    phone: 'invalidPhone',
    notes: 'invalidField',
  };
  for (const { path } of error.errors) {
    const field = path.split(/[./]/).pop() as Field;
    if (field in byField) problems[field] = byField[field];
  }
  return problems;
}
