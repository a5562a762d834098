import { homedir } from 'node:os';
import { join } from 'node:path';
import { CredentialError } from '../errors/credential-error.js';
import type { Product } from './types.js';

/** The products a credentials file can belong to. @internal */
export const PRODUCTS: readonly Product[] = ['response', 'protection', 'defense'];

/**
 * Throws a CredentialError unless `product` is a known product name.
 * @internal
 */
export function assertProduct(product: unknown): asserts product is Product {
  if (typeof product !== 'string' || !(PRODUCTS as readonly string[]).includes(product)) {
    throw new CredentialError(
      `Product name ${String(product)} not valid: expected one of ${PRODUCTS.join(', ')}`,
      { option: 'product' },
    );
  }
}

/** Where the default search path starts. @internal */
export interface SearchRoots {
  /** Home directory. @defaultValue `os.homedir()` */
  home?: string;
  /** Working directory. @defaultValue `process.cwd()` */
  cwd?: string;
}

/**
 * The default credentials files of a product, in the order they are read (later ones override
 * earlier ones): `/etc/carbonblack/credentials.<product>`, `~/.carbonblack/credentials.<product>`,
 * `./.carbonblack/credentials.<product>`.
 * @internal
 */
export function defaultCredentialFiles(product: Product, roots: SearchRoots = {}): string[] {
  assertProduct(product);
  const name = `credentials.${product}`;
  return [
    join('/etc/carbonblack', name),
    join(roots.home ?? homedir(), '.carbonblack', name),
    join(roots.cwd ?? process.cwd(), '.carbonblack', name),
  ];
}
