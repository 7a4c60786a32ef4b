import type { Page } from 'playwright-core';

/** What the owner types into `/app/signup`. */
export interface SignUpFields {
  business: string;
  subdomain: string;
  name: string;
  email: string;
  password: string;
}

/**
 * Fills the owner app's sign-up form the way a person does, by its visible labels.
 * Submitting is left to the caller, so a test can look at the filled form first.
 */
export async function fillSignUp(page: Page, baseUrl: string, fields: SignUpFields) {
  await page.goto(`${baseUrl}/app/signup`);
  await page.getByLabel('Business name').fill(fields.business);
  await page.getByLabel('Booking page address').fill(fields.subdomain);
  await page.getByLabel('Your name').fill(fields.name);
  await page.getByLabel('Email').fill(fields.email);
  await page.getByLabel('Password').fill(fields.password);
}

/** Submits the filled sign-up form and waits for the new business's home screen. */
export async function submitSignUp(page: Page) {
  await page.getByRole('button', { name: 'Create your account' }).click();
  await page.locator('[data-testid="business-name"]').waitFor({ timeout: 20_000 });
}
