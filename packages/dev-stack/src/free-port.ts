import { createServer } from 'node:net';

/** Binds loopback `port` (0: any free one) for a moment; resolves with the port bound. */
function bindBriefly(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

/** Asks the kernel for a free loopback TCP port (there is a small race until it is bound). */
export function freePort(): Promise<number> {
  return bindBriefly(0);
}

/** Something already listens on the port a stack was asked to serve on. */
export class PortInUseError extends Error {
  readonly port: number;

  constructor(port: number) {
    super(`port ${port} is already in use`);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

/**
 * Resolves when nothing listens on loopback `port`; rejects with `PortInUseError` when
 * something does. Checked before a stack starts: wrangler only logs the clash and goes
 * on, and the health check would then be answered by whatever holds the port (another
 * `pnpm dev`), so the start looked ready when it was not.
 */
export async function assertPortFree(port: number): Promise<void> {
  try {
    await bindBriefly(port);
  } catch (error) {
    throw (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new PortInUseError(port) : error;
  }
}
