import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface DevSecrets {
  MANAGE_TOKEN_SECRET: string;
  ENCRYPTION_KEY: string;
}

/**
 * Secrets for local runs: generated once, then kept beside the local data so that
 * manage links and encrypted columns stay valid across restarts.
 */
export async function loadDevSecrets(file: string): Promise<DevSecrets> {
  if (existsSync(file)) {
    const stored = JSON.parse(await readFile(file, 'utf8')) as Partial<DevSecrets>;
    if (stored.MANAGE_TOKEN_SECRET && stored.ENCRYPTION_KEY) return stored as DevSecrets;
  }
  const secrets: DevSecrets = {
    MANAGE_TOKEN_SECRET: randomBytes(32).toString('base64url'),
    // AES-256-GCM key, base64.
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
