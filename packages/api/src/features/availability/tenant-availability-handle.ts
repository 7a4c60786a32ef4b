/**
 * How the Worker reaches a tenant's `TenantAvailability` object, and what travels
 * between them. Kept apart from the class (as `slot-lock-handle.ts` is) so that the
 * routes depend on its RPC interface through `Env`, not on the Durable Object module and
 * its `cloudflare:workers` import.
 */
import type { AvailabilityQueryInput, ProblemCode } from '@booksprintz/shared';
import type { JsonPieces } from './cache.ts';

export interface AvailabilityRequest {
  tenantId: string;
  query: AvailabilityQueryInput;
  /** The version of the body the asking isolate still holds for this query, if any. */
  held: string | null;
}

/** An answer the Worker computed, for the object to keep (`keep`). */
export interface KeepRequest {
  tenantId: string;
  query: AvailabilityQueryInput;
  version: string;
  body: JsonPieces;
  expiresAt: number;
  aged?: boolean | undefined;
}

/**
 * The tenant's current availability version, and one of: nothing more (the asking
 * isolate holds the body of that version), the body the object keeps, or the document
 * read for it (availability-document.ts), from which the Worker computes the answer
 * and hands it back (`keep`). Failures travel as a problem code: RPC keeps an Error's
 * message but not its class.
 */
export type AvailabilityAnswer =
  | { ok: true; version: string }
  | { ok: true; version: string; body: JsonPieces; expiresAt: number }
  | {
      ok: true;
      version: string;
      /** The document's JSON text, read after the request arrived. */
      document: string;
      /** Epoch ms the document was read for: the engine's `now` (holds lapsing by then are out). */
      now: number;
      /**
       * Whether to hand the answer back (`keep`): only for an answer asked for again under
       * this version (cache.ts `DocumentsSent`), as sending a month's body costs the
       * Worker a tenth of its CPU for the request.
       */
      keep: boolean;
    }
  | { ok: false; code: ProblemCode; detail: string };

/** One object per tenant, named by the tenant id. */
export function tenantAvailability(env: Env, tenantId: string) {
  return env.TENANT_AVAILABILITY.get(env.TENANT_AVAILABILITY.idFromName(tenantId));
}
