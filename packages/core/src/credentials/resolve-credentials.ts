import { homedir } from 'node:os';
import { CredentialError } from '../errors/credential-error.js';
import type { Logger } from '../transport/types.js';
import { assertProduct, defaultCredentialFiles } from './credential-files.js';
import { envValues } from './from-env.js';
import { fromCamelCase, mergeValues, toCredentials } from './profile-values.js';
import { missingProfileMessage, readProfile } from './read-profile.js';
import type { CredentialOptions, Credentials, Product } from './types.js';

/**
 * The lookup `connect()` does. In order of precedence:
 * 1. `options.credentials` (a provider or a Credentials object) replaces everything;
 * 2. explicit `url` and `token` options (with the other camelCase options, defaults for the rest);
 * 3. the profile `options.profile ?? env.CBAPI_PROFILE ?? 'default'` from the credentials files,
 *    overridden by `CBAPI_URL`/`CBAPI_TOKEN`/`CBAPI_SSL_VERIFY`, overridden by explicit camelCase
 *    options. The environment alone is enough when it sets both URL and token.
 *
 * @param product - selects the files (`credentials.<product>`).
 * @param options - connect options; `credentialFiles` replaces the search path.
 * @param env - the environment to read. @defaultValue `process.env`
 * @returns validated credentials (url without trailing slash).
 * @throws {@link CredentialError} for an unknown product, a missing profile (listing every file
 *   searched and why each was rejected), a missing url or token, a non-https url or one with a
 *   path, or a bad boolean.
 *
 * @example
 * ```ts
 * import { resolveCredentials } from '@cbapi/core';
 * const creds = await resolveCredentials('response', { profile: 'prod' });
 * ```
 * @public
 */
export async function resolveCredentials(
  product: Product,
  options: CredentialOptions & { logger?: Logger } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials> {
  assertProduct(product);
  const given = options.credentials;
  if (typeof given === 'function') return given();
  if (given !== undefined) {
    if (typeof given !== 'object' || given === null) {
      throw new CredentialError('The credentials option must be a provider function or a Credentials object', { option: 'credentials' });
    }
    return toCredentials(fromCamelCase(given), { source: given.source ?? 'options', ...(given.profile === undefined ? {} : { profile: given.profile }) });
  }

  const explicit = fromCamelCase(options);
  if (explicit.url !== undefined && explicit.token !== undefined) {
    return toCredentials(explicit, { source: 'options' });
  }

  const profile = options.profile ?? (env['CBAPI_PROFILE'] || undefined) ?? 'default';
  const files = options.credentialFiles ?? defaultCredentialFiles(product, { home: env['HOME'] || homedir() });
  const lookup = await readProfile(profile, files, options.logger);
  const fromEnvironment = envValues(env);
  const merged = mergeValues(lookup.values ?? {}, fromEnvironment, explicit);
  if (lookup.values === undefined && (merged.url === undefined || merged.token === undefined)) {
    throw new CredentialError(missingProfileMessage(profile, lookup.searchedPaths), {
      profile, searchedPaths: lookup.searchedPaths, tryNextLink: true,
    });
  }
  const sources = [...lookup.usedFiles];
  if (Object.keys(fromEnvironment).length > 0) sources.push('environment');
  if (Object.keys(explicit).length > 0) sources.push('options');
  return toCredentials(merged, {
    source: sources.join(', '),
    searchedPaths: lookup.searchedPaths,
    ...(lookup.values === undefined ? {} : { profile }),
  });
}
