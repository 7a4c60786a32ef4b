/** What a calendar sync needs of the Worker's environment (a subset, so tests can pass their own). */
export interface SyncEnv {
  ENVIRONMENT: string;
  ENCRYPTION_KEY: string;
  OUTBOUND_TIMEOUT_MS?: string;
}
