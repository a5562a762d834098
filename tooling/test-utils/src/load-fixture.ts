import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads and parses a JSON fixture: `<dir>/<name>` (`.json` added when missing). `dir` may be a
 * path or a `file:` URL (e.g. `new URL('./__fixtures__/', import.meta.url)`).
 *
 * @throws Error naming the file when it is missing or not JSON.
 * @example
 * ```ts
 * const sensor = loadFixture<Record<string, unknown>>(new URL('./__fixtures__/', import.meta.url), 'sensor.online');
 * ```
 */
export function loadFixture<T = unknown>(dir: string | URL, name: string): T {
  const base = dir instanceof URL || dir.startsWith('file:') ? fileURLToPath(dir) : dir;
  const path = join(base, name.endsWith('.json') ? name : `${name}.json`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`Fixture ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`Fixture ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
