import type { CredentialProvider, Credentials } from './types.js';

/**
 * Wraps a provider so it runs once: later calls share the first result. A failure is not
 * kept, so the next call tries again.
 * @internal
 */
export function memoizeProvider(load: () => Promise<Credentials>): CredentialProvider {
  let pending: Promise<Credentials> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
