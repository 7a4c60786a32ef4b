import { DurableObject } from 'cloudflare:workers';
import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  type KeptConnection,
  type OpenDatabase,
  openDatabase,
  openKeptConnection,
} from '../../../db/client.ts';
import { keptTransaction, NeedsTransaction } from '../../../db/kept-transaction.ts';
import type { BookingNotification } from '../../../db/schema/index.ts';
import { bookingOccupancies } from '../../../db/schema/index.ts';
import { TenantDb } from '../../../db/tenant-db.ts';
import { ApiError } from '../../../http/api-error.ts';
import { expectedProblem, sqlState } from '../../../http/postgres-errors.ts';
import { deliverDueMessages } from '../../notifications/events.ts';
import { logError, sendClaimedNotifications } from '../../notifications/notification-sender.ts';
import { settlePaymentUnderLock } from '../../payments/settle-payment.ts';
import { bookUnderLock } from '../book.ts';
import { holdUnderLock, releaseHoldUnderLock } from '../hold.ts';
import type {
  BookedAppointment,
  BookRequest,
  CancelRequest,
  HoldPlaced,
  HoldRequest,
  LockResult,
  RescheduleRequest,
  SettleOutcome,
  SettlePaymentRequest,
  SlotChange,
  StatusChangeRequest,
} from '../lock-protocol.ts';
import { cancelUnderLock, rescheduleUnderLock } from '../manage.ts';
import { releaseExpired } from '../occupancy.ts';
import { changeStatusUnderLock } from '../status-change.ts';
import { SerialQueue } from './serial-queue.ts';

interface Identity {
  tenantId: string;
  staffId: string;
}

/**
 * One object per tenant + staff member (`slotLockName`): the unit of coordination for
 * that person's calendar (DESIGN §4). Holds, bookings, reschedules and cancellations
 * for the staff member run through its queue one at a time — a Durable Object does not
 * serialize across database I/O by itself — each in one transaction that also takes
 * the staff member's advisory lock, with the exclusion constraint as the last guard.
 * Its alarm releases expired holds and unpaid bookings even if no request ever comes;
 * open widgets subscribe over hibernatable WebSockets to hear of taken and freed slots.
 *
 * Long file: one Durable Object class; each RPC method is a few lines around the shared
 * queue, connection and socket state, which splitting the class would scatter.
 */
/** A database connection unused this long is closed; the next operation opens another. */
const IDLE_CLOSE_MS = 15_000;
/** How long this lock remembers a start it just gave away (see `#recentlyTaken`). */
const TAKEN_MEMORY_MS = 10_000;

export class SlotLock extends DurableObject<Env> {
  readonly #queue = new SerialQueue();
  #database: Promise<KeptConnection> | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Starts of individual services this lock booked or held in the last seconds, by
   * `serviceId|startMs`. When many customers race for one slot, all but the first are
   * answered from here without a database round-trip. It can only say "taken": anything
   * else goes to the database, and a freed slot is forgotten at once.
   */
  readonly #recentlyTaken = new Map<string, number>();
  #delivery: Promise<void> | undefined;
  /** Messages committed already claimed by this lock, not yet sent (`#deliverSoon`). */
  readonly #claimed: BookingNotification[] = [];
  #generalDue = false;
  #deliveryDatabase: OpenDatabase | undefined;
  #lastUsed = 0;
  #deliverAgain = false;

  async hold(request: HoldRequest): Promise<LockResult<HoldPlaced>> {
    const taken = () => this.#justTaken(request.serviceId, request.startTime);
    if (taken()) return justTakenProblem;
    const result = await this.#locked(
      request,
      async (tx, now) => {
        const { hold, changes, expiresAt, individual } = await holdUnderLock(
          tx,
          this.env,
          request,
          now,
        );
        return { value: { hold, individual }, changes, expiresAt };
      },
      { refuse: taken, lockStaff: true },
    );
    if (!result.ok) return result;
    if (result.value.individual) this.#rememberTaken(request.serviceId, request.startTime);
    return { ok: true, value: result.value.hold };
  }

  async releaseHold(request: Identity & { holdId: string }): Promise<LockResult<null>> {
    return this.#locked(request, async (tx, now) => ({
      value: null,
      changes: await releaseHoldUnderLock(tx, request.staffId, request.holdId, now),
    }));
  }

  async book(request: BookRequest): Promise<LockResult<BookedAppointment>> {
    // The customer's own hold is remembered as taken too; booking on it must go through.
    const taken = () => !request.holdId && this.#justTaken(request.serviceId, request.startTime);
    if (taken()) return justTakenProblem;
    const result = await this.#locked(
      request,
      async (tx, now) => {
        const { appointmentId, appointment, links, changes, individual, expiresAt, delivery } =
          await bookUnderLock(tx, this.env, request, now);
        // A booking awaiting its deposit expires like a hold: the alarm must wake for it.
        return {
          value: {
            appointmentId,
            appointment,
            links,
            individual,
            expiresAt: expiresAt?.toISOString(),
          },
          changes,
          notify: delivery.general,
          claimed: delivery.claimed,
          ...(expiresAt ? { expiresAt } : {}),
        };
      },
      // A confirmation code collision (1 in ~10^11 per pair) aborts the transaction; a
      // new attempt draws a new code.
      { retryOnUnique: 'confirmation_code', refuse: taken, lockStaff: true, fast: true },
    );
    if (!result.ok) return result;
    if (result.value.individual) this.#rememberTaken(request.serviceId, request.startTime);
    const { appointmentId, appointment, links, expiresAt } = result.value;
    return { ok: true, value: { appointmentId, appointment, links, expiresAt } };
  }

  async reschedule(request: RescheduleRequest): Promise<LockResult<null>> {
    return this.#locked(request, async (tx, now) => ({
      value: null,
      changes: (await rescheduleUnderLock(tx, this.env, request, now)).changes,
      notify: true,
    }));
  }

  async cancel(request: CancelRequest & Identity): Promise<LockResult<null>> {
    return this.#locked(request, async (tx, now) => ({
      value: null,
      changes: (await cancelUnderLock(tx, this.env, request, now)).changes,
      notify: true,
    }));
  }

  /** An admin's confirm, complete or no-show: serialized with the customer's own changes. */
  async changeStatus(request: StatusChangeRequest): Promise<LockResult<null>> {
    return this.#locked(request, async (tx, now) => {
      const { changed, changes } = await changeStatusUnderLock(tx, this.env, request, now);
      return { value: null, changes, notify: changed || changes.length > 0 };
    });
  }

  /**
   * A Stripe webhook's verdict on a deposit. Runs where the expiry alarm runs, so a
   * payment and an expiry cannot both win (`settlePaymentUnderLock`).
   */
  async settlePayment(request: SettlePaymentRequest): Promise<LockResult<SettleOutcome>> {
    return this.#locked(request, async (tx, now) => {
      const { outcome, changes } = await settlePaymentUnderLock(tx, this.env, request, now);
      return {
        value: outcome,
        changes,
        notify: outcome === 'confirmed' || outcome === 'cancelled',
      };
    });
  }

  /** Pushes changes made through another staff member's lock (a reschedule away). */
  async broadcast(changes: SlotChange[]): Promise<void> {
    for (const change of changes) if (change.type === 'freed') this.#forgetTaken(change);
    for (const socket of this.ctx.getWebSockets()) {
      for (const change of changes) socket.send(JSON.stringify(change));
    }
  }

  /** Releases what has expired, then sleeps until the next expiry. Safe to run any time. */
  override async alarm(): Promise<void> {
    const identity = this.#identity();
    if (!identity) return;
    await this.#locked(identity, async (tx, now) => {
      const changes = await releaseExpired(tx, this.env, identity.staffId, now);
      return { value: null, changes, notify: changes.length > 0 };
    });
    await this.#scheduleNextExpiry(identity);
  }

  /** Development and tests only: when the alarm will next fire (ms since epoch). */
  async nextAlarm(): Promise<number | null> {
    this.#developmentOnly('nextAlarm');
    return this.ctx.storage.getAlarm();
  }

  /** Development and tests only: runs the alarm now (expiry without waiting minutes). */
  async runAlarm(): Promise<void> {
    this.#developmentOnly('runAlarm');
    await this.alarm();
  }

  /** A widget subscribing to live slot changes (WebSocket hibernation API). */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
      return new Response('Expected a WebSocket upgrade', { status: 426 });
    }
    const pair = new WebSocketPair();
    this.ctx.acceptWebSocket(pair[1]);
    return new Response(null, { status: 101, webSocket: pair[0] });
  }

  override async webSocketMessage(socket: WebSocket, message: string | ArrayBuffer): Promise<void> {
    if (message === 'ping') socket.send('pong');
  }

  override async webSocketClose(socket: WebSocket, code: number): Promise<void> {
    // 1005/1006 are reserved and may not be sent back.
    socket.close(code === 1005 || code === 1006 ? 1000 : code, 'closing');
  }

  async #locked<T>(
    identity: Identity,
    work: (
      tx: TenantDb,
      now: Date,
    ) => Promise<{
      value: T;
      changes: SlotChange[];
      expiresAt?: Date;
      /** Run the general sender after the commit (anything may be due). */
      notify?: boolean;
      /** Messages the transaction wrote already claimed for this lock to send. */
      claimed?: BookingNotification[];
    }>,
    options: {
      retryOnUnique?: string;
      /** Take this lock's staff member's advisory lock with `begin` (one round trip). */
      lockStaff?: boolean;
      /**
       * Try the work without a transaction first (`TenantDb.autocommit`); it throws
       * `NeedsTransaction` before writing anything when it needs one.
       */
      fast?: boolean;
      /**
       * Asked again when the operation's turn in the queue comes: true answers it
       * `slot_unavailable` with no transaction. When many customers race for one slot,
       * those queued behind the winner learn the outcome from `#recentlyTaken` the
       * moment it commits, instead of each taking the lock and re-reading the calendar.
       */
      refuse?: () => boolean;
    } = {},
  ): Promise<LockResult<T>> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcome = await this.#queue.run(async () => {
          if (options.refuse?.()) return undefined;
          try {
            const kept = await this.#connection();
            if (options.fast) {
              const now = new Date();
              try {
                return await work(
                  new TenantDb(kept.db, identity.tenantId, { autocommit: true, prepared: true }),
                  now,
                );
              } catch (error) {
                // Nothing was written: the same operation runs in a transaction below.
                if (!(error instanceof NeedsTransaction)) throw error;
              }
            }
            return await keptTransaction(
              kept,
              identity.tenantId,
              options.lockStaff ? identity.staffId : undefined,
              (tx) => work(tx, new Date()),
            );
          } catch (error) {
            // A broken connection is not reused; a constraint or rule error leaves it
            // healthy (the transaction was rolled back).
            if (!sqlState(error) && !(error instanceof ApiError)) this.#closeConnection();
            throw error;
          } finally {
            this.#closeWhenIdle();
          }
        });
        if (!outcome) return justTakenProblem;
        await this.broadcast(outcome.changes);
        // Messages the transaction queued (confirmations, cancellations) go out now,
        // after the caller has its answer; the cron retries whatever fails.
        if (outcome.notify || outcome.claimed?.length)
          this.#deliverSoon(outcome.claimed ?? [], outcome.notify === true);
        if (outcome.expiresAt) await this.#wakeBy(outcome.expiresAt.getTime());
        return { ok: true, value: outcome.value };
      } catch (error) {
        if (
          options.retryOnUnique &&
          attempt === 0 &&
          sqlState(error) === '23505' &&
          String((error as { cause?: { constraint?: string } }).cause?.constraint ?? '').includes(
            options.retryOnUnique,
          )
        ) {
          continue;
        }
        const problem = expectedProblem(error);
        if (problem) return { ok: false, code: problem.code, detail: problem.message };
        throw error;
      }
    }
  }

  /**
   * One delivery run at a time per lock: a run sends everything due, so bookings that
   * commit while one is under way need only one more run after it, not one each (under
   * load that was a connection and a claim query per booking).
   */
  #deliverSoon(claimed: BookingNotification[], general: boolean): void {
    this.#claimed.push(...claimed);
    this.#generalDue ||= general;
    if (this.#delivery) {
      this.#deliverAgain = true;
      return;
    }
    const run = async () => {
      do {
        this.#deliverAgain = false;
        // Everything claimed since the last run goes out together: one statement records
        // the messages of all the bookings committed meanwhile.
        const mine = this.#claimed.splice(0);
        const everything = this.#generalDue;
        this.#generalDue = false;
        // A connection of its own, kept like the lock's: a run per booking under load
        // opened one each (connect, startup, DISCARD ALL) before.
        this.#deliveryDatabase ??= openDatabase(this.env, { kept: true });
        try {
          if (mine.length > 0) {
            await sendClaimedNotifications(this.#deliveryDatabase.db, this.env, mine, new Date(), {
              prepared: true,
            });
          }
          if (everything) await deliverDueMessages(this.#deliveryDatabase.db, this.env);
        } catch (error) {
          logError('deliver.lock', error);
          const broken = this.#deliveryDatabase;
          this.#deliveryDatabase = undefined;
          await broken?.close().catch(() => undefined);
        }
      } while (this.#deliverAgain);
      this.#closeWhenIdle();
    };
    this.#delivery = run().finally(() => {
      this.#delivery = undefined;
    });
    this.ctx.waitUntil(this.#delivery);
  }

  #justTaken(serviceId: string, startTime: string): boolean {
    const key = `${serviceId}|${Date.parse(startTime)}`;
    const at = this.#recentlyTaken.get(key);
    if (at === undefined) return false;
    if (Date.now() - at > TAKEN_MEMORY_MS) {
      this.#recentlyTaken.delete(key);
      return false;
    }
    return true;
  }

  #rememberTaken(serviceId: string, startTime: string): void {
    const now = Date.now();
    for (const [key, at] of this.#recentlyTaken)
      if (now - at > TAKEN_MEMORY_MS) this.#recentlyTaken.delete(key);
    this.#recentlyTaken.set(`${serviceId}|${Date.parse(startTime)}`, now);
  }

  #forgetTaken(change: SlotChange): void {
    const from = Date.parse(change.start_time);
    const until = Date.parse(change.end_time);
    for (const key of this.#recentlyTaken.keys()) {
      const start = Number(key.slice(key.indexOf('|') + 1));
      if (start >= from && start < until) this.#recentlyTaken.delete(key);
    }
  }

  /**
   * Operations run one at a time, so one connection serves them all: a Durable Object
   * may keep I/O open across requests, and skipping the connect and authentication per
   * booking is most of the cost of a lock round-trip under contention.
   */
  #connection(): Promise<KeptConnection> {
    if (!this.#database) {
      const opening = openKeptConnection(this.env);
      this.#database = opening;
      // A connection that failed to open is not kept: the next operation tries again.
      opening.catch(() => {
        if (this.#database === opening) this.#database = undefined;
      });
    }
    return this.#database;
  }

  #closeConnection(): void {
    const database = this.#database;
    this.#database = undefined;
    if (database) {
      this.ctx.waitUntil(database.then((kept) => kept.close()).catch(() => undefined));
    }
  }

  /**
   * Notes the connections' last use; one timer per idle period closes them once unused
   * for IDLE_CLOSE_MS (re-arming a timer on every operation cost each booking two).
   */
  #closeWhenIdle(): void {
    this.#lastUsed = Date.now();
    if (this.#idleTimer !== undefined) return;
    const check = () => {
      const idleFor = Date.now() - this.#lastUsed;
      if (idleFor < IDLE_CLOSE_MS || this.#queue.pending > 0 || this.#delivery) {
        this.#idleTimer = setTimeout(check, Math.max(IDLE_CLOSE_MS - idleFor, 1000));
        return;
      }
      this.#idleTimer = undefined;
      this.#closeConnection();
      const delivery = this.#deliveryDatabase;
      this.#deliveryDatabase = undefined;
      if (delivery) this.ctx.waitUntil(delivery.close().catch(() => undefined));
    };
    this.#idleTimer = setTimeout(check, IDLE_CLOSE_MS);
  }

  /**
   * Whose lock this is, from the name it was reached by (`slotLockName`), which the
   * runtime keeps with the id: nothing to store, nothing to get out of step.
   */
  #identity(): Identity | undefined {
    const name = this.ctx.id.name;
    const separator = name?.indexOf(':') ?? -1;
    if (!name || separator < 0) return undefined;
    return { tenantId: name.slice(0, separator), staffId: name.slice(separator + 1) };
  }

  /** The test hooks above are RPC methods like any other: refused outside development. */
  #developmentOnly(method: string): void {
    if (this.env.ENVIRONMENT !== 'development') {
      throw new Error(`SlotLock.${method} exists for development and tests only`);
    }
  }

  async #wakeBy(at: number): Promise<void> {
    const current = await this.ctx.storage.getAlarm();
    if (current === null || at < current) await this.ctx.storage.setAlarm(at);
  }

  async #scheduleNextExpiry(identity: Identity): Promise<void> {
    await this.#queue.run(async () => {
      const tdb = new TenantDb((await this.#connection()).db, identity.tenantId);
      const [next] = await tdb.list(bookingOccupancies, {
        where: and(
          eq(bookingOccupancies.staff_id, identity.staffId),
          inArray(bookingOccupancies.status, ['held', 'pending']),
          isNotNull(bookingOccupancies.expires_at),
        ),
        orderBy: asc(bookingOccupancies.expires_at),
        limit: 1,
      });
      if (next?.expires_at) await this.ctx.storage.setAlarm(next.expires_at.getTime());
      this.#closeWhenIdle();
    });
  }
}

const justTakenProblem = {
  ok: false,
  code: 'slot_unavailable',
  detail: 'That time is not available any more.',
} as const;
