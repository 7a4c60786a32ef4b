import {
  type Customer,
  type CustomerExport,
  type CustomerListQuery,
  type CustomerPage,
  type CustomerUpdate,
  customerAppointmentRecordSchema,
  customerExportSchema,
  customerRecordSchema,
  customerSchema,
} from '@booksprintz/shared';
import { asc, desc, eq, getTableColumns, ilike, or, type SQL, sql } from 'drizzle-orm';
import { decryptNullable, ENCRYPTED, encryptNullable } from '../../db/field-encryption.ts';
import { lockRow } from '../../db/row-lock.ts';
import {
  appointments,
  type BookingCustomer,
  bookingCustomers as customers,
} from '../../db/schema/index.ts';
import type { TenantDb } from '../../db/tenant-db.ts';
import { ApiError } from '../../http/api-error.ts';
import { toInstant, toResponse } from '../../http/serialize.ts';

const notFound = () => new ApiError('not_found', 'No such customer.');

async function toCustomer(secret: string, row: BookingCustomer): Promise<Customer> {
  return toResponse(customerSchema, {
    ...row,
    phone: await decryptNullable(secret, ENCRYPTED.customerPhone, row.phone_encrypted),
  });
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * The cursor is the last row's exact `created_at` (as Postgres prints it, microseconds
 * included: a JS Date would round them away and skip or repeat rows) and id, base64url
 * JSON. Opaque to clients; a tampered one is a 400, never a 500.
 */
function encodeCursor(createdAt: string, id: string): string {
  return btoa(JSON.stringify([createdAt, id]))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const json = atob(cursor.replaceAll('-', '+').replaceAll('_', '/'));
    const [at, id] = JSON.parse(json) as unknown[];
    if (
      typeof at === 'string' &&
      /^\d{4}-\d{2}-\d{2}[ T][\d:.]+([+-]\d{2}(:?\d{2})?|Z)$/.test(at) &&
      typeof id === 'string' &&
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)
    ) {
      return [at, id];
    }
  } catch {
    // falls through to the 400 below
  }
  throw new ApiError('validation_failed', 'The cursor is not one this API returned.', {
    errors: [{ path: 'cursor', message: 'invalid cursor' }],
  });
}

/** Newest customers first, filtered by exact email or a name/email substring. */
export async function listCustomers(
  tdb: TenantDb,
  secret: string,
  query: CustomerListQuery,
): Promise<CustomerPage> {
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const conditions: Array<SQL | undefined> = [
    query.email ? eq(customers.email, query.email.toLowerCase()) : undefined,
    query.q
      ? or(ilike(customers.name, containing(query.q)), ilike(customers.email, containing(query.q)))
      : undefined,
    after
      ? sql`(${customers.created_at}, ${customers.id}) < (${after[0]}::timestamptz, ${after[1]}::uuid)`
      : undefined,
  ];
  const rows = await tdb
    .raw()
    .select({
      ...getTableColumns(customers),
      cursor_at: sql<string>`${customers.created_at}::text`,
    })
    .from(customers)
    .where(tdb.scope(customers, ...conditions))
    .orderBy(desc(customers.created_at), desc(customers.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    data: await Promise.all(page.map(({ cursor_at: _, ...row }) => toCustomer(secret, row))),
    next_cursor: rows.length > query.limit && last ? encodeCursor(last.cursor_at, last.id) : null,
  };
}

export async function getCustomer(
  tdb: TenantDb,
  secret: string,
  customerId: string,
): Promise<Customer> {
  const row = await tdb.get(customers, customerId);
  if (!row) throw notFound();
  return toCustomer(secret, row);
}

export async function updateCustomer(
  tdb: TenantDb,
  secret: string,
  customerId: string,
  patch: CustomerUpdate,
): Promise<Customer> {
  const { phone, tags, ...rest } = patch;
  const row = await tdb.update(customers, customerId, {
    ...rest,
    ...(phone !== undefined
      ? { phone_encrypted: await encryptNullable(secret, ENCRYPTED.customerPhone, phone) }
      : {}),
    ...(tags ? { tags: [...new Set(tags)] } : {}),
    updated_at: new Date(),
  });
  if (!row) throw notFound();
  return toCustomer(secret, row);
}

/**
 * The customer's appointments: linked by id, or booked with their email before (or
 * without) the link — both are their data.
 */
export function appointmentsOf(customer: Pick<BookingCustomer, 'id' | 'email'>): SQL {
  return or(
    eq(appointments.customer_id, customer.id),
    eq(sql`lower(${appointments.customer_email})`, customer.email.toLowerCase()),
  ) as SQL;
}

/** Everything the business holds on one customer, as JSON (GDPR right of access). */
export async function exportCustomer(
  tdb: TenantDb,
  secret: string,
  customerId: string,
): Promise<CustomerExport> {
  const customer = await tdb.get(customers, customerId);
  if (!customer) throw notFound();
  const booked = await tdb.list(appointments, {
    where: appointmentsOf(customer),
    orderBy: [asc(appointments.start_time), asc(appointments.id)],
  });
  return toResponse(customerExportSchema, {
    exported_at: toInstant(new Date()),
    customer: toResponse(customerRecordSchema, {
      ...customer,
      phone: await decryptNullable(secret, ENCRYPTED.customerPhone, customer.phone_encrypted),
    }),
    appointments: await Promise.all(
      booked.map(async (appointment) =>
        toResponse(customerAppointmentRecordSchema, {
          ...appointment,
          customer_phone: await decryptNullable(
            secret,
            ENCRYPTED.appointmentPhone,
            appointment.customer_phone_encrypted,
          ),
        }),
      ),
    ),
  });
}

/** Locks and returns the customer for erasure (see customer-erasure.ts). */
export async function lockCustomer(tdb: TenantDb, customerId: string): Promise<BookingCustomer> {
  const customer = await lockRow(tdb, customers, customerId);
  if (!customer) throw notFound();
  return customer;
}
