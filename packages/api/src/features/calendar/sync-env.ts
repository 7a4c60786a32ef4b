import type { ProviderEnv } from '../../integrations/oauth/provider-env.ts';

/** What a calendar sync needs of the Worker's environment (a subset, so tests can pass their own). */
export interface SyncEnv extends ProviderEnv {
  ENVIRONMENT: string;
  ENCRYPTION_KEY: string;
  OUTBOUND_TIMEOUT_MS?: string;
}

export interface SyncResult {
  last_synced_at: Date;
  busy_count: number;
}
