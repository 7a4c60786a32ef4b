/**
 * The availability engine (DESIGN.md §3): pure functions from a business's staff,
 * rules and occupancies to bookable slots. See README.md in this folder.
 */
export { computeAvailabilityJsonPieces } from './answer-json.ts';
export { computeAvailability, findBookableSlot, servesService } from './engine.ts';
export { staffOpenIntervals } from './open-time.ts';
export type {
  AvailabilityContext,
  AvailabilityDay,
  AvailabilityLocation,
  AvailabilityQuery,
  AvailabilityResult,
  AvailabilityService,
  AvailabilitySlot,
  AvailabilityStaff,
  BookableQuery,
  BookingType,
  Occupancy,
  OccupancyKind,
  RecurrencePattern,
  ScheduleRule,
  ScheduleRuleType,
} from './types.ts';
export { isValidZone, type ZoneClock, zoneClock } from './wall-clock.ts';
