import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/**
 * Full-page screenshots at 1280 and 375 px into tests/artifacts/<folder>/, checking at
 * each width that nothing scrolls sideways (the owner app works from 360 px).
 */
export async function shootWidths(page: Page, folder: string, name: string): Promise<void> {
  const dir = join(ARTIFACTS, folder);
  await mkdir(dir, { recursive: true });
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(dir, `${name}-${width}.png`), fullPage: true });
    const overflow = await page.evaluate<number>(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    expect(overflow, `${name} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}
