import { FAKE_TOKEN, FAKE_URL } from './cb-nock.js';

/**
 * The shape of `@cbapi/core`'s `Credentials` (kept structural so this package does not depend
 * on core, whose tests use it).
 */
export interface FakeCredentials {
  url: string;
  token: string;
  sslVerify: boolean;
  sslCertFile?: string;
  sslVerifyHostname: boolean;
  sslForceTls12: boolean;
  proxy?: string;
  ignoreSystemProxy: boolean;
  profile?: string;
  source?: string;
}

/**
 * Valid credentials for `https://cb.example.test` with {@link FAKE_TOKEN}, system proxies
 * ignored (so a test never goes through a developer's HTTPS_PROXY); `overrides` replace fields.
 *
 * @example
 * ```ts
 * const transport = createTransport(fakeCredentials(), { maxRetries: 0 });
 * ```
 */
export function fakeCredentials(overrides: Partial<FakeCredentials> = {}): FakeCredentials {
  return {
    url: FAKE_URL,
    token: FAKE_TOKEN,
    sslVerify: true,
    sslVerifyHostname: true,
    sslForceTls12: false,
    ignoreSystemProxy: true,
    source: 'test',
    ...overrides,
  };
}
