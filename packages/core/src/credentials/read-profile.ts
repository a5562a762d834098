import { readFile, stat } from 'node:fs/promises';
import { parse } from 'ini';
import type { SearchedPath } from '../errors/credential-error.js';
import type { Logger } from '../transport/types.js';
import { FILE_OPTIONS, type CredentialFileOption, type ProfileValues } from './profile-values.js';

/** A credentials file reduced to its sections. @internal */
export type ParsedCredentialsFile = Record<string, Record<string, string>>;

/** Thrown by parseCredentialsText for a line that is not a section, option or comment. */
class CredentialsSyntaxError extends Error {
  override readonly name = 'CredentialsSyntaxError';
}

/**
 * Parses the text of a credentials file the way cbapi's RawConfigParser reads it: `[profile]`
 * sections, `key = value` or `key: value` options (keys case-insensitive), `#`/`;` comment lines,
 * values kept verbatim (no inline comments).
 * @throws CredentialsSyntaxError naming the first line that is none of these.
 * @internal
 */
export function parseCredentialsText(text: string): ParsedCredentialsFile {
  if (text.includes('\u0000')) throw new CredentialsSyntaxError('binary content');
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const normalized: string[] = [];
  let inSection = false;
  lines.forEach((line, index) => {
    if (/^\s*$/.test(line) || /^\s*[;#]/.test(line)) return;
    const section = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (section) {
      inSection = true;
      const name = (section[1] ?? '').trim();
      // Escape what ini would treat as nesting or escapes, so the section name stays literal.
      normalized.push(`[${name.replace(/[\\;#]/g, '\\$&').replace(/\./g, '\\.')}]`);
      return;
    }
    if (/^\s/.test(line)) throw new CredentialsSyntaxError(`line ${index + 1}: continuation lines are not supported`);
    const sep = line.search(/[=:]/);
    if (sep <= 0) throw new CredentialsSyntaxError(`line ${index + 1}: expected 'option = value' or '[profile]'`);
    if (!inSection) throw new CredentialsSyntaxError(`line ${index + 1}: option before any [profile] section`);
    const key = line.slice(0, sep).trim().toLowerCase();
    const value = line.slice(sep + 1).trim();
    normalized.push(`${key.replace(/[\\;#]/g, '\\$&')} = ${value.replace(/[\\;#]/g, '\\$&')}`);
  });
  const decoded = parse(normalized.join('\n')) as Record<string, unknown>;
  const out: ParsedCredentialsFile = {};
  for (const [name, body] of Object.entries(decoded)) {
    if (typeof body !== 'object' || body === null) continue;
    const section: Record<string, string> = {};
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      // ini turns true/false/null into JSON values; the files hold text.
      section[key] = typeof value === 'string' ? value : String(value);
    }
    out[name] = section;
  }
  return out;
}

/** What reading a profile from the search path found. @internal */
export interface ProfileLookup {
  /** The merged values, or undefined when no file has the profile. */
  values: ProfileValues | undefined;
  /** Every file looked at, with why it was rejected or `used`. */
  searchedPaths: SearchedPath[];
  /** The files that gave values, in order. */
  usedFiles: string[];
}

function warn(logger: Logger | undefined, message: string): void {
  if (logger) logger.warn(message);
  else process.emitWarning(message, { code: 'CBAPI_CREDENTIALS_PERMISSIONS' });
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/**
 * Reads `profile` from every existing file of `files`, in order; later files override earlier
 * ones key by key. Warns (through `logger.warn`, else `process.emitWarning`) about a file that
 * group or others can read.
 * @internal
 */
export async function readProfile(profile: string, files: readonly string[], logger?: Logger): Promise<ProfileLookup> {
  const searchedPaths: SearchedPath[] = [];
  const usedFiles: string[] = [];
  let values: ProfileValues | undefined;
  for (const path of files) {
    let text: string;
    try {
      const info = await stat(path);
      if (!info.isFile()) {
        searchedPaths.push({ path, reason: 'unreadable', detail: 'not a regular file' });
        continue;
      }
      text = await readFile(path, 'utf8');
      if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
        warn(logger, `Credentials file ${path} can be read by other users (mode ${(info.mode & 0o777).toString(8)}); fix it with: chmod 600 ${path}`);
      }
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') searchedPaths.push({ path, reason: 'missing' });
      else searchedPaths.push({ path, reason: 'unreadable', detail: code ?? (error instanceof Error ? error.message : String(error)) });
      continue;
    }
    let parsed: ParsedCredentialsFile;
    try {
      parsed = parseCredentialsText(text);
    } catch (error) {
      searchedPaths.push({ path, reason: 'unparsable', detail: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const section = Object.prototype.hasOwnProperty.call(parsed, profile) ? parsed[profile] : undefined;
    if (section === undefined) {
      searchedPaths.push({ path, reason: 'no such profile', detail: `profiles: ${Object.keys(parsed).join(', ') || '(none)'}` });
      continue;
    }
    values ??= {};
    for (const key of FILE_OPTIONS) {
      const value = section[key as CredentialFileOption];
      if (value !== undefined) values[key] = value;
    }
    searchedPaths.push({ path, reason: 'used' });
    usedFiles.push(path);
  }
  return { values, searchedPaths, usedFiles };
}

/**
 * The message for a profile no file has: every file searched and why it was rejected.
 * @internal
 */
export function missingProfileMessage(profile: string, searchedPaths: readonly SearchedPath[]): string {
  const list = searchedPaths
    .map((p) => `${p.path} (${p.reason}${p.detail ? `: ${p.detail}` : ''})`)
    .join(', ');
  return `Cannot find credential profile '${profile}' after searching in these files: ${list || '(none)'}.`;
}
