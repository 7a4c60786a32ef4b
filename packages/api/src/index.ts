import { createApp } from './app.ts';

export { SlotLock } from './slot-lock/slot-lock.ts';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
