import { and, asc, gt, gte, lt, lte, max, sql } from 'drizzle-orm';

import type { Db } from './client';
import { DatabaseError } from './errors';
import { eventLog, metrics } from './schema';

/** Every event type the service records, in the order the UI lists them. */
export const eventTypes = [
  'sync.started',
  'sync.progress',
  'sync.completed',
  'sync.failed',
  'conflict.opened',
  'conflict.resolved',
  'node.created',
  'agent.created',
  'agent.updated',
  'agent.deleted',
] as const;

/** One of `eventTypes`. */
export type EventType = (typeof eventTypes)[number];

/**
 * The NOTIFY channel that rings when an event is committed. The payload is the event as JSON
 * (`parseNotifiedEvent` reads it back), or only its id when the event is too long for NOTIFY.
 */
export const eventsChannel = 'eco_events';

/** NOTIFY refuses payloads of 8,000 bytes and more; longer events announce their id alone. */
const maxNotifiedBytes = 7_900;

/** A committed row of `event_log`; ids grow in commit order (see `appendEvent`). */
export interface StoredEvent {
  id: number;
  type: EventType;
  payload: Record<string, unknown>;
  createdAt: Date;
}

/** Counts of one event type in one tumbling window. */
export interface WindowCount {
  type: string;
  start: Date;
  count: number;
}

// Any constant works; it only has to be the same in every process that appends events.
const appendLockKey = 0x65636f5f6576;

/** Whether `value` names an event type. */
export function isEventType(value: string): value is EventType {
  return (eventTypes as readonly string[]).includes(value);
}

/**
 * Appends an event, bumps its per-minute counter and notifies `eco_events` in one statement, so
 * a listener never sees an id before its row is committed. Pass a transaction to make the event
 * part of it; the append lock is then held until that transaction ends, so append last.
 *
 * The transaction-scoped advisory lock serialises appends: ids are taken in commit order, so a
 * reader that has seen id N never later finds a smaller id committed.
 */
export async function appendEvent(
  db: Db,
  type: EventType,
  payload: Record<string, unknown>,
): Promise<StoredEvent> {
  const result = (await db.execute(sql`
    WITH appended AS (
      INSERT INTO event_log (type, payload)
      SELECT ${type}, ${JSON.stringify(payload)}::jsonb
      FROM (SELECT pg_advisory_xact_lock(${appendLockKey})) AS serialised
      RETURNING id, type, payload, created_at
    ), counted AS (
      INSERT INTO metrics (name, bucket, count)
      SELECT type, date_bin('1 minute', created_at, timestamptz '1970-01-01 00:00:00+00'), 1
      FROM appended
      ON CONFLICT (name, bucket) DO UPDATE SET count = metrics.count + 1
    ), built AS (
      SELECT json_build_object('id', id, 'type', type, 'payload', payload, 'createdAt', created_at)
        AS event
      FROM appended
    )
    SELECT event, pg_notify(${eventsChannel}, CASE
      WHEN octet_length(event::text) <= ${maxNotifiedBytes} THEN event::text
      ELSE event->>'id' END) AS notified
    FROM built
  `)) as { rows: { event: { id: number; payload: Record<string, unknown>; createdAt: string } }[] };
  const row = result.rows[0];
  if (row === undefined) {
    throw new DatabaseError('Appending an event returned no row', {
      sql: 'appendEvent',
      paramCount: 4,
      cause: undefined,
    });
  }
  return { ...row.event, type, createdAt: new Date(row.event.createdAt) };
}

/**
 * The event a notification on `eventsChannel` carries, or undefined when it carries only an id
 * or anything else than a well-formed event.
 */
export function parseNotifiedEvent(payload: string): StoredEvent | undefined {
  if (!payload.startsWith('{')) {
    return undefined;
  }
  try {
    const event = JSON.parse(payload) as Partial<Record<keyof StoredEvent, unknown>>;
    const { id, type, payload: body, createdAt } = event;
    const isEvent =
      typeof id === 'number' &&
      typeof type === 'string' &&
      isEventType(type) &&
      typeof body === 'object' &&
      body !== null &&
      typeof createdAt === 'string';
    return isEvent
      ? { id, type, payload: body as Record<string, unknown>, createdAt: new Date(createdAt) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads up to `limit` events with ids above `lastId` (and at most `untilId` when given), oldest
 * first.
 */
export async function readEventsAfter(
  db: Db,
  lastId: number,
  limit: number,
  untilId?: number,
): Promise<StoredEvent[]> {
  const rows = await db
    .select()
    .from(eventLog)
    .where(
      and(gt(eventLog.id, lastId), untilId === undefined ? undefined : lte(eventLog.id, untilId)),
    )
    .orderBy(asc(eventLog.id))
    .limit(limit);
  return rows as StoredEvent[];
}

/** Reads up to `limit` events after `lastId`, oldest first, from one prepared statement. */
export type EventReader = (lastId: number, limit: number) => Promise<StoredEvent[]>;

/**
 * Prepares `readEventsAfter` without an upper bound once for `db`, for a caller that reads on
 * every notification: the query is built once and, on PostgreSQL, parsed and planned once per
 * connection.
 */
export function prepareEventReader(db: Db): EventReader {
  const query = db
    .select()
    .from(eventLog)
    .where(gt(eventLog.id, sql.placeholder('lastId')))
    .orderBy(asc(eventLog.id))
    .limit(sql.placeholder('limit'))
    .prepare('eco_read_events_after');
  return async (lastId, limit) => (await query.execute({ lastId, limit })) as StoredEvent[];
}

/** The id of the newest committed event, or 0 when there is none. */
export async function latestEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: max(eventLog.id) }).from(eventLog);
  return row?.id ?? 0;
}

/**
 * Sums the per-minute counters into tumbling windows of `windowMs` aligned to the Unix epoch, for
 * buckets in `[since, until)`; only windows with events appear.
 * `windowMs` must be a whole number of minutes.
 */
export async function countEventsByWindow(
  db: Db,
  windowMs: number,
  since: Date,
  until: Date,
): Promise<WindowCount[]> {
  if (!Number.isInteger(windowMs / 60_000) || windowMs <= 0) {
    throw new RangeError(`windowMs must be a positive whole number of minutes, got ${windowMs}`);
  }
  const interval = sql.raw(`'${windowMs / 1000} seconds'::interval`);
  const start = sql`date_bin(${interval}, ${metrics.bucket}, timestamptz '1970-01-01 00:00:00+00')`;
  const rows = await db
    .select({
      type: metrics.name,
      start: start.mapWith(metrics.bucket),
      count: sql`sum(${metrics.count})`.mapWith(Number),
    })
    .from(metrics)
    .where(and(gte(metrics.bucket, since), lt(metrics.bucket, until)))
    .groupBy(sql`1`, sql`2`)
    .orderBy(sql`2`, sql`1`);
  return rows;
}
