export * from './booking-events.ts';
