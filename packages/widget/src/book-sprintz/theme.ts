/**
 * Tenant branding. The tenant's `primary_color` is only a default: a site's
 * `--bs-color-primary` wins. Text on the primary colour is white or near black (#111827,
 * luminance 0.0097): the WCAG 2.1 contrast ratios against the two are equal at a relative
 * luminance of 0.2, so above it near black reads better, below it white does.
 */
const HEX = /^#[0-9a-f]{6}$/i;

export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Custom properties for the tenant's colour, or none when it is not a `#RRGGBB` value. */
export function tenantTheme(primary: string | null | undefined): Record<string, string> {
  if (!primary || !HEX.test(primary)) return {};
  return {
    '--_tenant-primary': primary,
    '--_tenant-on-primary': luminance(primary) > 0.2 ? '#111827' : '#fff',
  };
}
