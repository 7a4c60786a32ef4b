import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake provider received. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export const fakeId = (prefix: string) => `${prefix}${randomBytes(9).toString('hex')}`;

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body === undefined ? '' : JSON.stringify(body));
}

/**
 * The OAuth 2.0 side of a provider: an authorization endpoint that consents at once
 * (redirects back with a code) and a token endpoint that checks the client's Basic
 * credentials, the redirect URI and PKCE (S256), hands out a refresh token, and answers
 * `invalid_grant` once `revoked` is set.
 */
export class FakeOAuth {
  readonly clientId = fakeId('client-');
  readonly clientSecret = fakeId('secret-');
  revoked = false;
  /** Access tokens currently valid. */
  readonly accessTokens = new Set<string>();
  readonly refreshTokens = new Set<string>();
  /** Challenges sent to the authorization endpoint, in order. */
  readonly challenges: Array<{ method: string | null; challenge: string | null; scope: string }> =
    [];
  private readonly codes = new Map<string, { redirect: string; challenge: string }>();

  authorize(query: URLSearchParams, response: ServerResponse) {
    const redirect = query.get('redirect_uri') ?? '';
    const challenge = query.get('code_challenge') ?? '';
    this.challenges.push({
      method: query.get('code_challenge_method'),
      challenge,
      scope: query.get('scope') ?? '',
    });
    if (query.get('client_id') !== this.clientId)
      return sendJson(response, 400, { error: 'bad client' });
    const code = fakeId('code-');
    this.codes.set(code, { redirect, challenge });
    const back = new URL(redirect);
    back.searchParams.set('code', code);
    back.searchParams.set('state', query.get('state') ?? '');
    response.writeHead(302, { location: back.toString() });
    response.end();
  }

  private issue(refresh: string | null, expiresIn = 3600) {
    const access = fakeId('at-');
    this.accessTokens.add(access);
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: 'Bearer',
      expires_in: expiresIn,
    };
    if (refresh) {
      this.refreshTokens.add(refresh);
      body.refresh_token = refresh;
    }
    return body;
  }

  token(request: FakeRequest, response: ServerResponse) {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (request.headers.authorization !== expected)
      return sendJson(response, 401, { error: 'invalid_client' });
    const form = new URLSearchParams(request.body);
    if (form.get('grant_type') === 'authorization_code') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const s256 = createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.redirect !== form.get('redirect_uri') || s256 !== code.challenge)
        return sendJson(response, 400, { error: 'invalid_grant' });
      return sendJson(response, 200, this.issue(fakeId('rt-')));
    }
    if (form.get('grant_type') === 'refresh_token') {
      if (this.revoked || !this.refreshTokens.has(form.get('refresh_token') ?? ''))
        return sendJson(response, 400, {
          error: 'invalid_grant',
          error_description: 'Token has been expired or revoked.',
        });
      return sendJson(response, 200, this.issue(null));
    }
    return sendJson(response, 400, { error: 'unsupported_grant_type' });
  }

  /** The bearer token of a request is one we handed out. */
  authorized(request: FakeRequest): boolean {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    return !!token && this.accessTokens.has(token);
  }
}

/** An HTTP server on a free loopback port that records every request before handling it. */
export async function startRecordingServer(
  handle: (request: FakeRequest, response: ServerResponse) => void | Promise<void>,
): Promise<{ url: string; requests: FakeRequest[]; close(): Promise<void> }> {
  const requests: FakeRequest[] = [];
  const server: Server = createServer(async (incoming, response) => {
    const url = new URL(incoming.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: incoming.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: incoming.headers,
      body: await readBody(incoming),
    };
    requests.push(request);
    try {
      await handle(request, response);
    } catch (error) {
      sendJson(response, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
