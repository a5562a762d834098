import { ApiError, type ApiErrorOptions } from './api-error.js';

/** A credentials file that was looked at, and why it did not give the profile. */
export interface SearchedPath {
  path: string;
  /** `missing`, `unreadable`, `unparsable`, `no such profile`, or `used`. */
  reason: 'missing' | 'unreadable' | 'unparsable' | 'no such profile' | 'used';
  /** Detail, e.g. the parser's or the file system's message. */
  detail?: string;
}

export interface CredentialErrorOptions extends ApiErrorOptions {
  profile?: string;
  option?: string;
  searchedPaths?: SearchedPath[];
  /** When true, a credential provider chain moves on to its next provider. */
  tryNextLink?: boolean;
}

/**
 * Credentials could not be found or are invalid: a missing profile (with every file searched
 * and why each was rejected), a missing url or token, a bad option value. Never retried.
 * @public
 */
export class CredentialError extends ApiError {
  static override readonly errorName: string = 'CredentialError';
  readonly profile: string | undefined;
  readonly option: string | undefined;
  readonly searchedPaths: readonly SearchedPath[];
  readonly tryNextLink: boolean;

  constructor(message: string, options: CredentialErrorOptions = {}) {
    super(message, options);
    this.profile = options.profile;
    this.option = options.option;
    this.searchedPaths = options.searchedPaths ?? [];
    this.tryNextLink = options.tryNextLink ?? false;
  }
}
