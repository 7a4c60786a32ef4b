import type { Locator } from 'playwright-core';

/**
 * Books through one <book-sprintz> (`root`: the element, or a dialog holding it) with
 * the WIDGET.md test ids: the service, any staff, the first day with times, its first
 * slot, the details. Returns the confirmation code shown.
 */
export async function bookThroughWidget(
  root: Locator,
  customer: { name: string; email: string },
  service = 'haircut',
): Promise<string> {
  await root.locator(`[data-testid="service-${service}"]`).click();
  const anyStaff = root.locator('[data-testid="staff-any"]');
  await root
    .locator('[data-testid="staff-any"], [data-testid^="calendar-date-"]')
    .first()
    .waitFor();
  if (await anyStaff.count()) await anyStaff.click();
  await root.locator('[data-testid^="calendar-date-"]:not([aria-disabled="true"])').first().click();
  await root.locator('[data-testid^="slot-"]').first().click();
  await root.locator('input[name="name"]').fill(customer.name);
  await root.locator('input[name="email"]').fill(customer.email);
  const phone = root.locator('input[name="phone"]');
  if (await phone.count()) await phone.fill('+15555550123');
  await root.locator('[data-testid="book-now"]').click();
  const code = await root.locator('[data-testid="confirmation-code"]').textContent();
  return (code ?? '').trim();
}
