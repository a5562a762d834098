// Helpers shared by the credentials/*.test.ts files. Test code only: not exported from the package
// index and excluded from the build (tsconfig.json).
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from '@jest/globals';
import { CredentialError } from '../errors/credential-error.js';

/**
 * The `CredentialError` that `promise` rejects with; any other error is rethrown and a fulfilled
 * promise fails the test.
 */
export async function rejection(promise: Promise<unknown>): Promise<CredentialError> {
  try {
    await promise;
  } catch (error) {
    if (CredentialError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CredentialError');
}

/** Writes `text` to `path` with mode 0600 (readable by the owner only, as credential files must be). */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  await writeFile(path, text, { mode: 0o600 });
  await chmod(path, 0o600);
}

/**
 * Gives every test of the file a fresh temporary directory (`<tmpdir>/<prefix>XXXXXX`), removed after
 * the test. Call at the top level of a test file.
 * @returns a getter for the current test's directory
 */
export function useTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));
  return () => dir;
}
