import { CredentialError, type SearchedPath } from '../errors/credential-error.js';
import { memoizeProvider } from './memoize-provider.js';
import type { CredentialProvider } from './types.js';

/**
 * Tries providers in order and returns the first credentials found. It moves on only when a
 * provider fails with an error that has `tryNextLink` (nothing found there); any other error
 * (an invalid value, say) stops the chain. The result is memoised.
 *
 * @example
 * ```ts
 * import { chain, fromEnv, fromIni } from '@cbapi/core';
 * const provider = chain(fromEnv(), fromIni({ product: 'defense', profile: 'prod' }));
 * ```
 * @returns a lazy, memoised provider.
 * @throws {@link CredentialError} (when called, with `tryNextLink`) when no provider had
 *   credentials, quoting each one's reason and every file searched.
 * @public
 */
export function chain(...providers: CredentialProvider[]): CredentialProvider {
  return memoizeProvider(async () => {
    const reasons: string[] = [];
    const searchedPaths: SearchedPath[] = [];
    for (const provider of providers) {
      try {
        return await provider();
      } catch (error) {
        const tryNext = typeof error === 'object' && error !== null && (error as { tryNextLink?: unknown }).tryNextLink === true;
        if (!tryNext) throw error;
        reasons.push(error instanceof Error ? error.message : String(error));
        if (CredentialError.isInstance(error)) searchedPaths.push(...error.searchedPaths);
      }
    }
    throw new CredentialError(
      providers.length === 0 ? 'No credential providers given to chain()' : `No credentials found: ${reasons.join('; ')}`,
      { searchedPaths, tryNextLink: true },
    );
  });
}
