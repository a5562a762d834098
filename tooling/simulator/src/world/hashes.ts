import { createHash } from 'node:crypto';

/** A real MD5 (upper-case hex) of a label: the simulated image hash of a program for a seed. */
export function md5Upper(label: string): string {
  return createHash('md5').update(label).digest('hex').toUpperCase();
}
