import { ApiError, type BookingApi } from '../../api/client.ts';
import type { Location, Service, Staff, TenantProfile } from '../../api/types.ts';

const NOT_ALLOWED = new ApiError('origin_not_allowed', 403, 'this page may not book');

/**
 * The business as the customer browses it: profile, services (in display order), staff
 * and locations. Only the newest `load` counts: attributes that change while one is under
 * way start another, and the older answer is dropped.
 */
export class CatalogController {
  status: 'idle' | 'loading' | 'ready' | 'failed' = 'idle';
  declare profile: TenantProfile | undefined;
  services: Service[] = [];
  staff: Staff[] = [];
  locations: Location[] = [];
  #run = 0;

  /**
   * Resolves `true` when this load is the newest and succeeded, `false` when a newer one
   * replaced it; rejects (newest only) with the API's error, or without one when there is
   * no API (no tenant). Locations read on their own (from an API older than `include`:
   * the `location` attribute, the address on the confirmation) are never worth failing
   * the page over. Settles no sooner than `ready` (the visitor's strings).
   */
  async load(api: BookingApi | undefined, ready: Promise<unknown>): Promise<boolean> {
    const run = ++this.#run;
    this.status = 'loading';
    try {
      // No tenant, so no API: fails once the strings are here to say so.
      if (!api) throw await ready;
      // One request for the business and its lists (DESIGN.md §9, first slot).
      const [profile] = await Promise.all([api.catalog(), ready]);
      // A page the business has not allowed reads the profile (which says so) alone.
      if (profile.origin_allowed === false) {
        this.profile = profile;
        throw NOT_ALLOWED;
      }
      // An API older than `include` answers the profile alone: each list on its own.
      const answers = await Promise.all([
        profile,
        profile.services ?? api.services(),
        profile.staff ?? api.staff(),
        profile.locations ?? api.locations().catch(() => []),
      ]);
      if (run !== this.#run) return false;
      [this.profile, this.services, this.staff, this.locations] = answers;
      this.services.sort((a, b) => a.display_order - b.display_order);
      this.status = 'ready';
      return true;
    } catch (error) {
      if (run !== this.#run) return false;
      this.status = 'failed';
      throw error;
    }
  }

  /** Staff who perform `service` (all when it names none). */
  staffFor(service: Service | undefined): Staff[] {
    const allowed = service?.available_with_staff ?? [];
    return allowed.length ? this.staff.filter((s) => allowed.includes(s.id)) : this.staff;
  }
}
