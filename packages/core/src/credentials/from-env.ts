import { CredentialError } from '../errors/credential-error.js';
import { memoizeProvider } from './memoize-provider.js';
import { toCredentials, type ProfileValues } from './profile-values.js';
import type { CredentialProvider } from './types.js';

/** Options of {@link fromEnv}. @public */
export interface FromEnvOptions {
  /** The environment to read. @defaultValue `process.env` (read when the provider is first called) */
  env?: NodeJS.ProcessEnv;
}

/**
 * The values `CBAPI_URL`, `CBAPI_TOKEN` and `CBAPI_SSL_VERIFY` of an environment (empty ones are unset).
 * @internal
 */
export function envValues(env: NodeJS.ProcessEnv): ProfileValues {
  const out: ProfileValues = {};
  if (env['CBAPI_URL']) out.url = env['CBAPI_URL'];
  if (env['CBAPI_TOKEN']) out.token = env['CBAPI_TOKEN'];
  if (env['CBAPI_SSL_VERIFY']) out.ssl_verify = env['CBAPI_SSL_VERIFY'];
  return out;
}

/**
 * Credentials from the environment: `CBAPI_URL` and `CBAPI_TOKEN` (both required) and
 * `CBAPI_SSL_VERIFY`. Read when first asked for, then memoised.
 *
 * @example
 * ```ts
 * import { chain, fromEnv, fromIni } from '@cbapi/core';
 * const credentials = chain(fromEnv(), fromIni({ product: 'response' }));
 * ```
 * @returns a lazy, memoised provider.
 * @throws {@link CredentialError} (when called) with `tryNextLink` when either variable is unset,
 *   without it for an invalid value.
 * @public
 */
export function fromEnv(options: FromEnvOptions = {}): CredentialProvider {
  return memoizeProvider(async () => {
    const values = envValues(options.env ?? process.env);
    const missing = [values.url === undefined ? 'CBAPI_URL' : '', values.token === undefined ? 'CBAPI_TOKEN' : ''].filter(Boolean);
    if (missing.length > 0) {
      throw new CredentialError(`No credentials in the environment: ${missing.join(' and ')} not set`, {
        option: missing[0] === 'CBAPI_URL' ? 'url' : 'token', tryNextLink: true,
      });
    }
    return toCredentials(values, { source: 'environment' });
  });
}
