/**
 * A process that owns a stack and does nothing else (stack-owner.test.ts kills it): it
 * starts the stack in `BOOKSPRINTZ_DATA_DIR` on `PORT`, prints the ready line `pnpm dev`
 * prints (so `startDev` can run it), and waits.
 */
import { startStack } from '@booksprintz/dev-stack';

const stack = await startStack({
  port: Number(process.env.PORT),
  dataDir: process.env.BOOKSPRINTZ_DATA_DIR ?? '',
  persistent: false,
  seed: false,
});
console.log(`BookSprintz ready: ${stack.url}`);
setInterval(() => undefined, 1 << 30);
