import {
  type Appointment,
  type BookingRequest,
  type BookingResponse,
  createBookingClient,
  type HoldRequest,
  isProblem,
  type Problem,
  type Service,
  type Slot,
} from '@booksprintz/client';
import type {
  appointmentSchema,
  bookingRequestSchema,
  bookingResponseSchema,
  holdRequestSchema,
  problemSchema,
  serviceSchema,
  slotSchema,
} from '@booksprintz/shared';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { createApp } from '../app.ts';

/**
 * The published client against the real app, in-process: its paths, headers and error
 * handling agree with what the routes answer. Only answers that need no database.
 */
const app = createApp();
const env = {
  ENVIRONMENT: 'production',
  DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
} as unknown as Env;
const client = (apiKey?: string) =>
  createBookingClient({
    origin: 'http://127.0.0.1:8787',
    fetch: async (request) => app.request(request, undefined, env),
    ...(apiKey ? { apiKey } : {}),
  });

describe('@booksprintz/client against the app', () => {
  it('reads the OpenAPI document', async () => {
    const { data, response } = await client().GET('/openapi.json');
    expect(response.status).toBe(200);
    expect(data).toMatchObject({ openapi: '3.1.0' });
  });

  it('hands back problems as typed errors', async () => {
    const { data, error, response } = await client().POST('/{tenant}/holds', {
      params: { path: { tenant: 'x' } },
      body: { service_id: 'cut', start_time: '2027-03-15T13:00:00Z' },
    });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(isProblem(error)).toBe(true);
    expect(error?.code).toBe('not_found');
  });

  it('sends the API key as a bearer token', async () => {
    const path = { tenant_id: '00000000-0000-4000-8000-000000000000' };
    const anonymous = await client().GET('/tenants/{tenant_id}/staff', { params: { path } });
    expect(anonymous.error?.detail).toContain('Send an API key');
    // Not shaped like a key, so it is refused before any lookup.
    const keyed = await client('not-a-key').GET('/tenants/{tenant_id}/staff', { params: { path } });
    expect(keyed.response.status).toBe(401);
    expect(keyed.error?.detail).toContain('not valid');
  });
  it('merges headers given as a Headers object with the key', async () => {
    const api = createBookingClient({
      origin: 'http://127.0.0.1:8787',
      apiKey: 'not-a-key',
      headers: new Headers({ 'x-request-id': 'trace-7' }),
      fetch: async (request) => app.request(request, undefined, env),
    });
    const { response, error } = await api.GET('/tenants/{tenant_id}/staff', {
      params: { path: { tenant_id: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(response.headers.get('x-request-id')).toBe('trace-7');
    expect(error?.detail).toContain('not valid');
  });
});

describe('generated types against the zod schemas they come from', () => {
  it('reads responses as the API writes them and sends what it accepts', () => {
    expectTypeOf<Service>().toEqualTypeOf<z.output<typeof serviceSchema>>();
    expectTypeOf<Slot>().toEqualTypeOf<z.output<typeof slotSchema>>();
    expectTypeOf<Appointment>().toEqualTypeOf<z.output<typeof appointmentSchema>>();
    expectTypeOf<BookingResponse>().toEqualTypeOf<z.output<typeof bookingResponseSchema>>();
    expectTypeOf<Problem>().toEqualTypeOf<z.output<typeof problemSchema>>();
    expectTypeOf<HoldRequest>().toEqualTypeOf<z.input<typeof holdRequestSchema>>();
    expectTypeOf<BookingRequest>().toEqualTypeOf<z.input<typeof bookingRequestSchema>>();
  });
});
