import { createApp } from './app.ts';
import { handleScheduled } from './scheduled.ts';

export { TenantAvailability } from './features/availability/tenant-availability.ts';
export { SlotLock } from './features/booking/slot-lock/slot-lock.ts';

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled: handleScheduled,
} satisfies ExportedHandler<Env>;
