import { Hono } from 'hono';
import type { AppEnv } from '../../env.ts';
import { authRoutes } from './auth.ts';
import { signupRoutes } from './signup.ts';

/** The owner app's own account routes: signup and `/auth/*` (cookie sessions). */
export const accountRoutes = new Hono<AppEnv>().route('/', signupRoutes).route('/auth', authRoutes);
