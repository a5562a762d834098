import { CredentialError } from '../errors/credential-error.js';
import type { Logger } from '../transport/types.js';
import { assertProduct, defaultCredentialFiles } from './credential-files.js';
import { memoizeProvider } from './memoize-provider.js';
import { toCredentials } from './profile-values.js';
import { missingProfileMessage, readProfile } from './read-profile.js';
import type { CredentialProvider, Product } from './types.js';

/** Options of {@link fromIni}. @public */
export interface FromIniOptions {
  product: Product;
  /** Profile (section) name. @defaultValue `'default'` */
  profile?: string;
  /** Files to read, in order (later override earlier). @defaultValue /etc, ~ and ./ `.carbonblack/credentials.<product>` */
  files?: readonly string[];
  /** Gets the warning about a credentials file other users can read. @defaultValue `process.emitWarning` */
  logger?: Logger;
  /** Home directory for the default search path. @defaultValue `os.homedir()` */
  home?: string;
  /** Working directory for the default search path. @defaultValue `process.cwd()` */
  cwd?: string;
}

/**
 * Credentials from a profile of the credentials files, read when first asked for (then memoised).
 * All existing files are read in order; a later file overrides an earlier one key by key.
 *
 * @example
 * ```ts
 * import { fromIni } from '@cbapi/core';
 * const provider = fromIni({ product: 'response', profile: 'prod' });
 * const { url } = await provider();
 * ```
 * @returns a lazy, memoised provider.
 * @throws {@link CredentialError} (when called) for an unknown product; a missing profile
 *   (with `tryNextLink`, listing every file searched and why it was rejected); a missing url or
 *   token or a bad option value.
 * @public
 */
export function fromIni(options: FromIniOptions): CredentialProvider {
  return memoizeProvider(async () => {
    assertProduct(options.product);
    const profile = options.profile ?? 'default';
    const files = options.files ?? defaultCredentialFiles(options.product, { home: options.home, cwd: options.cwd });
    const lookup = await readProfile(profile, files, options.logger);
    if (lookup.values === undefined) {
      throw new CredentialError(missingProfileMessage(profile, lookup.searchedPaths), {
        profile, searchedPaths: lookup.searchedPaths, tryNextLink: true,
      });
    }
    return toCredentials(lookup.values, { profile, source: lookup.usedFiles.join(', '), searchedPaths: lookup.searchedPaths });
  });
}
