/**
 * Paths of DASHBOARD.md, matched in order; each screen is loaded on first use so the
 * first paint needs only the shell. Deep links survive a reload (the Worker answers
 * every /app path with index.html) and sign-in (`/app/login?next=…`).
 */
export interface Route {
  /** Tag of the screen element. */
  tag: string;
  /** Named parts of the path, e.g. `{ id }` for /app/staff/<id>. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** Screens reachable without a session. */
  public: boolean;
  /** The nav entry to highlight. */
  section: string;
}

interface RouteDef {
  pattern: RegExp;
  keys: string[];
  tag: string;
  section: string;
  public?: boolean;
  load: () => Promise<unknown>;
}

const def = (
  path: string,
  tag: string,
  section: string,
  load: () => Promise<unknown>,
  isPublic = false,
): RouteDef => {
  const keys: string[] = [];
  const source = path.replace(/:([a-z_]+)/g, (_, key: string) => {
    keys.push(key);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}/?$`), keys, tag, section, public: isPublic, load };
};

const ROUTES: RouteDef[] = [
  def('/app/login', 'bs-login-screen', 'auth', () => import('./screens/auth-screens.ts'), true),
  def('/app/signup', 'bs-signup-screen', 'auth', () => import('./screens/auth-screens.ts'), true),
  def(
    '/app/reset-password',
    'bs-reset-screen',
    'auth',
    () => import('./screens/auth-screens.ts'),
    true,
  ),
  def(
    '/app/accept-invitation',
    'bs-accept-invitation-screen',
    'auth',
    () => import('./screens/auth-screens.ts'),
    true,
  ),
  def(
    '/app/verify-email',
    'bs-verify-email-screen',
    'auth',
    () => import('./screens/auth-screens.ts'),
    true,
  ),
  def('/app/logout', 'bs-logout-screen', 'auth', () => import('./screens/auth-screens.ts'), true),
  def('/app', 'bs-home-screen', 'home', () => import('./screens/home-screen.ts')),
  def(
    '/app/calendar',
    'bs-calendar-screen',
    'calendar',
    () => import('./calendar/calendar-screen.ts'),
  ),
  def(
    '/app/appointments',
    'bs-appointments-screen',
    'appointments',
    () => import('./screens/appointments-screen.ts'),
  ),
  def(
    '/app/appointments/:id',
    'bs-appointment-detail-screen',
    'appointments',
    () => import('./screens/appointments-screen.ts'),
  ),
  def(
    '/app/customers',
    'bs-customers-screen',
    'customers',
    () => import('./screens/customers-screen.ts'),
  ),
  def(
    '/app/customers/:id',
    'bs-customer-detail-screen',
    'customers',
    () => import('./screens/customers-screen.ts'),
  ),
  def(
    '/app/analytics',
    'bs-analytics-screen',
    'analytics',
    () => import('./screens/analytics-screen.ts'),
  ),
  def(
    '/app/services',
    'bs-services-screen',
    'services',
    () => import('./screens/services-screen.ts'),
  ),
  def('/app/staff', 'bs-staff-screen', 'staff', () => import('./screens/staff-screen.ts')),
  def(
    '/app/staff/:id',
    'bs-staff-detail-screen',
    'staff',
    () => import('./screens/staff-detail-screen.ts'),
  ),
  def(
    '/app/locations',
    'bs-locations-screen',
    'locations',
    () => import('./screens/locations-screen.ts'),
  ),
  def(
    '/app/settings',
    'bs-settings-screen',
    'settings',
    () => import('./settings/settings-screen.ts'),
  ),
  def(
    '/app/settings/:section',
    'bs-settings-screen',
    'settings',
    () => import('./settings/settings-screen.ts'),
  ),
];

export function matchRoute(url: URL): (Route & { load: () => Promise<unknown> }) | null {
  for (const route of ROUTES) {
    const match = route.pattern.exec(url.pathname);
    if (!match) continue;
    const params: Record<string, string> = {};
    route.keys.forEach((key, index) => {
      params[key] = decodeURIComponent(match[index + 1] ?? '');
    });
    return {
      tag: route.tag,
      params,
      query: url.searchParams,
      public: route.public ?? false,
      section: route.section,
      load: route.load,
    };
  }
  return null;
}

/** Moves the app to `href` (same origin) without a reload. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  window.dispatchEvent(new Event('bs-navigate'));
}

/** Where to go after signing in: only paths inside the app, never another site. */
export function safeNext(next: string | null): string {
  return next && /^\/app(\/|$|\?)/.test(next) && !next.startsWith('//') ? next : '/app';
}
