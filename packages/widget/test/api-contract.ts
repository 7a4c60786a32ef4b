/**
 * Type-level checks that the widget's API types (published with the npm package, so
 * they cannot import the private shared package) fit the shared zod schemas, the single
 * source of the contract. Nothing runs: `pnpm typecheck` fails on drift.
 *
 * - What the API answers must be readable as what the widget expects (shared → widget).
 * - What the widget sends must be what the API accepts (widget → shared).
 */
import type * as Shared from '@booksprintz/shared';
import type * as Widget from '../src/api/types.ts';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Fits<A, B> = [A] extends [B] ? true : false;
type Output<T extends { _zod: { output: unknown } }> = T['_zod']['output'];

export const contract: [
  Same<Widget.TenantProfile, Shared.TenantProfile>,
  Fits<Shared.TenantProfileWithLists, Widget.TenantProfileWithLists>,
  Same<Widget.Problem, Shared.Problem>,
  Same<Widget.ProblemCode, Shared.ProblemCode>,
  Fits<Shared.Service, Widget.Service>,
  Fits<Shared.PublicStaff, Widget.Staff>,
  Fits<Shared.Location, Widget.Location>,
  Fits<Output<typeof Shared.availabilityResponseSchema>, Widget.Availability>,
  Fits<Shared.Hold, Widget.Hold>,
  Fits<Shared.BookingResponse, Widget.BookingResult>,
  Fits<Widget.HoldRequest, Shared.HoldRequest>,
  Fits<Widget.BookingRequest, Shared.BookingRequest>,
  Fits<Required<Widget.AvailabilityQuery>, Shared.AvailabilityQueryInput>,
  Same<Widget.LiveSlotMessage, Shared.LiveSlotMessage>,
  Fits<Widget.FunnelEvent, Shared.FunnelEvent>,
] = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, true];
