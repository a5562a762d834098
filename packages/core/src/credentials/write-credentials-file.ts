import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CredentialError } from '../errors/credential-error.js';
import { FILE_OPTIONS, type CredentialFileOption } from './profile-values.js';

/** Options of {@link writeCredentialsFile}. @public */
export interface WriteCredentialsFileOptions {
  /** Replace an existing file. @defaultValue false */
  overwrite?: boolean;
}

function checkValue(profile: string, option: string, value: string): void {
  if (/[\r\n]/.test(value)) {
    throw new CredentialError(`Option ${option} of profile '${profile}' must be on one line`, { profile, option });
  }
}

/**
 * Writes a credentials file as cbapi's `configure` does: the directory is created with mode
 * 0700, the file written with mode 0600 (and chmod-ed, whatever the umask). Booleans are written
 * `True`/`False`.
 *
 * @param path - the file, e.g. `~/.carbonblack/credentials.response` expanded.
 * @param profiles - profile name → snake_case options.
 * @throws {@link CredentialError} when the file exists and `overwrite` is not set, for an unknown
 *   option or a profile name or value that cannot be written.
 *
 * @example
 * ```ts
 * import { writeCredentialsFile } from '@cbapi/core';
 * await writeCredentialsFile(`${os.homedir()}/.carbonblack/credentials.response`, {
 *   default: { url: 'https://cb.example.com', token, ssl_verify: true },
 * });
 * ```
 * @public
 */
export async function writeCredentialsFile(
  path: string,
  profiles: Record<string, Partial<Record<CredentialFileOption, string | boolean>>>,
  options: WriteCredentialsFileOptions = {},
): Promise<void> {
  const lines: string[] = [];
  for (const [profile, values] of Object.entries(profiles)) {
    if (!profile.trim() || /[\]\r\n]/.test(profile)) {
      throw new CredentialError(`Profile name '${profile}' cannot be written to a credentials file`, { profile });
    }
    if (lines.length > 0) lines.push('');
    lines.push(`[${profile}]`);
    for (const option of Object.keys(values)) {
      if (!(FILE_OPTIONS as readonly string[]).includes(option)) {
        throw new CredentialError(`Unknown credentials option '${option}' in profile '${profile}'; known: ${FILE_OPTIONS.join(', ')}`, { profile, option });
      }
    }
    for (const option of FILE_OPTIONS) {
      const value = values[option];
      if (value === undefined) continue;
      const written = typeof value === 'boolean' ? (value ? 'True' : 'False') : value;
      checkValue(profile, option, written);
      lines.push(`${option} = ${written}`);
    }
  }
  try {
    const created = await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    if (created !== undefined) await chmod(dirname(path), 0o700);
    await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600, flag: options.overwrite ? 'w' : 'wx' });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST') {
      throw new CredentialError(`Credentials file ${path} exists; pass { overwrite: true } to replace it`, { cause: error });
    }
    throw new CredentialError(`Cannot write credentials file ${path}: ${(error as Error).message}`, { cause: error });
  }
  await chmod(path, 0o600);
}
