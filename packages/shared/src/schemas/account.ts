import { z } from 'zod';
import { email, instant, shortText, uuid } from './common.ts';
import { staffRole } from './staff.ts';
import { planTier, tenantCreatedSchema, tenantMode } from './tenant-admin.ts';

/** What a new password must be (signup, reset, invitation). */
export const newPassword = z.string().min(10, 'use at least 10 characters').max(256);

/** Addresses are compared lower-cased and trimmed, as they are stored. */
const loginEmail = z.string().trim().toLowerCase().pipe(email);

/** `POST /auth/login`. Any password is checked; its rules apply when it is chosen. */
export const loginSchema = z.strictObject({
  email: loginEmail,
  password: z.string().min(1).max(256),
});

/** `POST /auth/password-reset`. */
export const passwordResetRequestSchema = z.strictObject({ email: loginEmail });

/** A one-time token from an e-mailed link. */
const oneTimeToken = z.string().min(20).max(200);

/** `POST /auth/password-reset/confirm`. */
export const passwordResetConfirmSchema = z.strictObject({
  token: oneTimeToken,
  password: newPassword,
});

/** `POST /auth/verify-email`. */
export const emailVerificationSchema = z.strictObject({ token: oneTimeToken });

/** `POST /auth/accept-invitation`. */
export const acceptInvitationSchema = z.strictObject({
  token: oneTimeToken,
  password: newPassword,
  name: shortText(),
});

/** `POST /tenants/:tenant_id/invitations`. */
export const invitationCreateSchema = z
  .strictObject({
    email: loginEmail,
    role: staffRole.default('staff'),
    /** Staff invitations name the calendar the new member will see and change. */
    staff_id: uuid.nullish(),
  })
  .superRefine((invite, ctx) => {
    if (invite.role === 'staff' && !invite.staff_id) {
      ctx.addIssue({
        code: 'custom',
        path: ['staff_id'],
        message: 'a staff invitation names the staff member',
      });
    }
  });

export const invitationSchema = z.object({
  id: uuid,
  email: z.string(),
  role: staffRole,
  staff_id: uuid.nullable(),
  expires_at: instant,
  created_at: instant,
});

/** `POST /platform/login-links` (platform key). */
export const loginLinkCreateSchema = z.strictObject({ tenant_id: uuid, email: loginEmail });

export const loginLinkSchema = z.object({ url: z.string(), expires_at: instant });

export const userSchema = z.object({
  id: uuid,
  email: z.string(),
  name: z.string().nullable(),
  email_verified: z.boolean(),
});

/** A business the signed-in person may open, and as what. */
export const membershipSchema = z.object({
  id: uuid,
  business_name: z.string(),
  subdomain: z.string(),
  mode: tenantMode,
  plan_tier: planTier,
  role: staffRole,
  staff_id: uuid.nullable(),
});

/**
 * `GET /auth/me`, and the answer to every call that signs someone in. `csrf_token`
 * goes back in the `X-CSRF-Token` header of every cookie-authenticated write.
 */
export const accountSchema = z.object({
  user: userSchema,
  tenants: z.array(membershipSchema),
  csrf_token: z.string(),
});

/** `POST /signup`: what it answered before sessions, plus the signed-in account. */
export const signupResponseSchema = tenantCreatedSchema.extend(accountSchema.shape);

const planLimits = z.object({
  max_staff: z.number().int(),
  max_services: z.number().int(),
  max_locations: z.number().int(),
});

/** `GET /tenants/:tenant_id/plan`. Limits of 1,000,000 mean "unlimited". */
export const planSchema = z.object({
  tier: planTier,
  limits: planLimits,
  usage: z.object({
    staff: z.number().int(),
    services: z.number().int(),
    locations: z.number().int(),
  }),
  /** Integrated businesses' plans are set by SiteSprintz; standalone ones by the owner. */
  managed_by: z.enum(['platform', 'owner']),
  /**
   * How it changes: by SiteSprintz (`platform`), directly by the owner (`direct`, when the
   * platform has no Stripe billing keys), or through Stripe Checkout and the billing
   * portal on the platform's Stripe account (`checkout`).
   */
  change_via: z.enum(['checkout', 'direct', 'platform']),
  /**
   * The plan subscription on the platform's Stripe account (`active`, `past_due`,
   * `canceled`…); null when the business never subscribed. Billing portal needs one.
   */
  subscription_status: z.string().nullable(),
});

/** `PUT /tenants/:tenant_id/plan` (and the platform's own route). */
export const planChangeSchema = z.strictObject({ tier: planTier });

/** `POST /tenants/:tenant_id/plan/checkout`: a paid tier to subscribe to. */
export const planCheckoutSchema = z.strictObject({
  tier: z.enum(['starter', 'professional', 'enterprise']),
});

/** Where to send the owner's browser: a Stripe Checkout or billing portal page. */
export const billingRedirectSchema = z.object({ url: z.url() });

export type Login = z.infer<typeof loginSchema>;
export type InvitationCreate = z.infer<typeof invitationCreateSchema>;
export type Invitation = z.infer<typeof invitationSchema>;
export type Account = z.infer<typeof accountSchema>;
export type Membership = z.infer<typeof membershipSchema>;
export type Plan = z.infer<typeof planSchema>;
export type PlanCheckout = z.infer<typeof planCheckoutSchema>;
