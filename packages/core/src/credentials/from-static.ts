import { memoizeProvider } from './memoize-provider.js';
import { fromCamelCase, toCredentials } from './profile-values.js';
import type { CredentialOptions, CredentialProvider, Credentials } from './types.js';

/** What {@link fromStatic} takes: url and token plus any camelCase option. @public */
export type StaticCredentialValues = Pick<Credentials, 'url' | 'token'> &
  Partial<Pick<CredentialOptions, 'sslVerify' | 'sslCertFile' | 'sslVerifyHostname' | 'sslForceTls12' | 'proxy' | 'ignoreSystemProxy'>>;

/**
 * Credentials given in code, validated when first asked for (defaults as in a file profile).
 *
 * @example
 * ```ts
 * import { fromStatic } from '@cbapi/core';
 * const cb = await CbResponseAPI.connect({ credentials: fromStatic({ url: 'https://cb.example.com', token }) });
 * ```
 * @returns a lazy, memoised provider.
 * @throws {@link CredentialError} (when called) for a missing or invalid url or token or a bad option.
 * @public
 */
export function fromStatic(values: StaticCredentialValues): CredentialProvider {
  return memoizeProvider(async () => toCredentials(fromCamelCase(values), { source: 'options' }));
}
