import nock from 'nock';

/** The server URL the helpers use unless told otherwise. */
export const FAKE_URL = 'https://cb.example.test';
/** The API token the helpers use unless told otherwise. */
export const FAKE_TOKEN = 'fake-token-0123456789abcdef';

/**
 * A nock scope for one Carbon Black server that only matches requests carrying the
 * `X-Auth-Token` header with the given token. Check `scope.isDone()` at the end of a test.
 *
 * @param baseUrl - the server, scheme and host. @defaultValue `https://cb.example.test`
 * @param token - the token every request must carry. @defaultValue {@link FAKE_TOKEN}
 * @example
 * ```ts
 * const scope = cbNock().get('/api/info').reply(200, { version: '6.2.0' });
 * ```
 */
export function cbNock(baseUrl: string = FAKE_URL, token: string = FAKE_TOKEN): nock.Scope {
  return nock(baseUrl.replace(/\/+$/, ''), { reqheaders: { 'x-auth-token': token } });
}
