/**
 * The typed client of the BookSprintz API v1, for the widget, the owner app and
 * integrators. Paths, parameters, bodies and answers are typed from the API's OpenAPI
 * document (`openapi.json`, generated from the same zod schemas the API validates with);
 * the runtime is openapi-fetch (a thin `fetch` wrapper, ~6 kB).
 *
 * Types alone cost nothing at run time: `import type { Service, Slot } from '@booksprintz/client'`.
 *
 * @example
 * const api = createBookingClient({ origin: 'https://book.example.com' });
 * const { data, error } = await api.GET('/{tenant}/services', {
 *   params: { path: { tenant: 'demo' } },
 * });
 * if (error) console.log(error.code); // a Problem: `not_found`, `rate_limited`…
 * else for (const service of data.data) console.log(service.name);
 */
import createClient, { type Client, type ClientOptions, mergeHeaders } from 'openapi-fetch';
import type { components, operations, paths } from './schema.ts';

export type * from './schema.ts';

/** Where every route of API v1 lives on the host. */
export const API_PREFIX = '/api/booking/v1';

type JsonContent<T> = T extends { content: { 'application/json': infer Body } } ? Body : never;
type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The JSON body an operation takes, e.g. `RequestBody<'/{tenant}/holds', 'post'>`. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { requestBody?: infer Body } ? JsonContent<NonNullable<Body>> : never;

/** The query parameters of an operation, e.g. `QueryParams<'/{tenant}/availability', 'get'>`. */
export type QueryParams<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends { parameters: { query?: infer Query } } ? NonNullable<Query> : never;

export type AvailabilityQuery = QueryParams<'/{tenant}/availability', 'get'>;
export type HoldRequest = RequestBody<'/{tenant}/holds', 'post'>;
export type BookingRequest = RequestBody<'/{tenant}/appointments', 'post'>;
export type RescheduleRequest = RequestBody<'/{tenant}/appointments/{id}/reschedule', 'put'>;
export type CancelRequest = RequestBody<'/{tenant}/appointments/{id}/cancel', 'delete'>;
export type ProblemCode = components['schemas']['Problem']['code'];
export type { operations };

export interface BookingClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** Where the API is served, e.g. `https://book.example.com`; `/api/booking/v1` is added. */
  origin: string;
  /** A tenant's key (`bsk_…`) or the platform key, sent as `Authorization: Bearer …` for the admin routes. */
  apiKey?: string;
}

export type BookingClient = Client<paths>;

/** A client for one API host. Answers are `{ data }` on success and `{ error: Problem }` otherwise. */
export function createBookingClient({
  origin,
  apiKey,
  headers,
  ...options
}: BookingClientOptions): BookingClient {
  return createClient<paths>({
    ...options,
    baseUrl: new URL(API_PREFIX, origin).href,
    headers: mergeHeaders(apiKey ? { authorization: `Bearer ${apiKey}` } : undefined, headers),
  });
}

/** Every error answer of the API is a problem (RFC 9457) with a stable `code`. */
export function isProblem(value: unknown): value is components['schemas']['Problem'] {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}
