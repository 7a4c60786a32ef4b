import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';

/**
 * The demo pages themselves are static assets of the widget build (`/demo/`); the
 * site root points there, as the `pnpm dev` ready line does.
 */
export const demoRoutes = new Hono<AppEnv>().get('/', (c) => c.redirect('/demo'));
