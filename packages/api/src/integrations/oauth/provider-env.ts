/** What the calendar providers reached over OAuth need of the Worker's environment. */
export interface ProviderEnv {
  ENVIRONMENT: string;
  /** The Worker's public origin: OAuth redirects and push notification addresses. */
  PUBLIC_BASE_URL?: string;
  GOOGLE_CLIENT_ID?: string;
  GOOGLE_CLIENT_SECRET?: string;
  MICROSOFT_CLIENT_ID?: string;
  MICROSOFT_CLIENT_SECRET?: string;
  MICROSOFT_TENANT?: string;
  /** Development only (like STRIPE_API_BASE): local fakes of the providers. */
  GOOGLE_OAUTH_BASE?: string;
  GOOGLE_API_BASE?: string;
  MICROSOFT_OAUTH_BASE?: string;
  MICROSOFT_GRAPH_BASE?: string;
}
