/**
 * A process that owns a stack and does nothing else (stack-owner.test.ts kills it): it
 * starts the stack in `BOOKSPRINTZ_DATA_DIR` on `PORT`, prints `READY <url>`, and waits.
 */
import { startStack } from '@booksprintz/dev-stack';

const stack = await startStack({
  port: Number(process.env.PORT),
  dataDir: process.env.BOOKSPRINTZ_DATA_DIR ?? '',
  persistent: false,
  seed: false,
});
console.log(`READY ${stack.url}`);
setInterval(() => undefined, 1 << 30);
