import { CredentialError } from '../errors/credential-error.js';
import type { SearchedPath } from '../errors/credential-error.js';
import type { CredentialOptions, Credentials } from './types.js';

/** The options of a credentials file profile (snake_case, as cbapi writes them). @public */
export type CredentialFileOption =
  | 'url'
  | 'token'
  | 'ssl_verify'
  | 'ssl_cert_file'
  | 'ssl_verify_hostname'
  | 'ssl_force_tls_1_2'
  | 'proxy'
  | 'ignore_system_proxy';

/** The file options we understand, in the order they are written. @internal */
export const FILE_OPTIONS: readonly CredentialFileOption[] = [
  'url', 'token', 'ssl_verify', 'ssl_cert_file', 'ssl_verify_hostname', 'ssl_force_tls_1_2', 'proxy', 'ignore_system_proxy',
];

/** Values of one profile before validation: strings from files and env, booleans from options. @internal */
export type ProfileValues = Partial<Record<CredentialFileOption, string | boolean>>;

const TRUE = new Set(['1', 'yes', 'true', 'on']);
const FALSE = new Set(['0', 'no', 'false', 'off']);

/** Where a set of values came from, for error messages. @internal */
export interface ValueContext {
  profile?: string;
  source: string;
  searchedPaths?: SearchedPath[];
}

function where(ctx: ValueContext): string {
  return ctx.profile === undefined ? `in ${ctx.source}` : `for profile '${ctx.profile}' (${ctx.source})`;
}

/**
 * Reads a boolean option: a boolean, or (case-insensitive) 1/yes/true/on, 0/no/false/off.
 * @throws {@link CredentialError} naming the profile and option for anything else.
 * @internal
 */
export function parseBoolean(value: string | boolean | undefined, option: CredentialFileOption, fallback: boolean, ctx: ValueContext): boolean {
  if (value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new CredentialError(
    `Option ${option} ${where(ctx)} must be a boolean (1/yes/true/on or 0/no/false/off), got '${value}'`,
    { profile: ctx.profile, option, searchedPaths: ctx.searchedPaths },
  );
}

function text(value: string | boolean | undefined): string | undefined {
  if (value === undefined || typeof value === 'boolean') return undefined;
  const v = value.trim();
  return v === '' ? undefined : v;
}

/**
 * Checks a server URL and returns it as `https://host[:port]` (no trailing slash).
 * @throws {@link CredentialError} for a non-URL, a scheme other than https, or a path, query or fragment.
 * @internal
 */
export function normalizeServerUrl(value: string, ctx: ValueContext): string {
  const fail = (why: string): never => {
    throw new CredentialError(`Server URL ${where(ctx)} ${why}`, { profile: ctx.profile, option: 'url', searchedPaths: ctx.searchedPaths });
  };
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return fail(`must be a URL, e.g. https://cb.example.com, got '${value}'`);
  }
  if (parsed.protocol === 'http:') {
    fail(`uses plain http (${parsed.host}): Carbon Black servers are HTTPS only, use https://${parsed.host}`);
  }
  if (parsed.protocol !== 'https:') fail(`must use https://, got '${parsed.protocol}'`);
  if (!parsed.hostname) fail(`has no host: '${value}'`);
  if (parsed.username || parsed.password) fail('must not contain a user name or password');
  if (parsed.pathname.replace(/\/+$/, '') !== '' || parsed.search || parsed.hash) {
    fail(`must be the server only (scheme, host, port), without a path or query: got '${value}'`);
  }
  return parsed.origin;
}

/** A URL with any user name and password replaced, for messages. @internal */
export function hideUserInfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
}

function normalizeProxy(value: string, ctx: ValueContext): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new CredentialError(`Option proxy ${where(ctx)} must be an http:// or https:// URL, got '${hideUserInfo(value)}'`, {
      profile: ctx.profile, option: 'proxy', searchedPaths: ctx.searchedPaths,
    });
  }
  return value;
}

/**
 * Validates profile values and builds Credentials with their defaults (ssl_verify and
 * ssl_verify_hostname true, the rest false or absent).
 * @throws {@link CredentialError} for a missing url or token, a bad url, proxy or boolean.
 * @internal
 */
export function toCredentials(values: ProfileValues, ctx: ValueContext): Credentials {
  const url = text(values.url);
  if (url === undefined) {
    throw new CredentialError(`No URL specified ${where(ctx)}`, { profile: ctx.profile, option: 'url', searchedPaths: ctx.searchedPaths });
  }
  const token = text(values.token);
  if (token === undefined) {
    throw new CredentialError(`No API token specified ${where(ctx)}`, { profile: ctx.profile, option: 'token', searchedPaths: ctx.searchedPaths });
  }
  const credentials: Credentials = {
    url: normalizeServerUrl(url, ctx),
    token,
    sslVerify: parseBoolean(values.ssl_verify, 'ssl_verify', true, ctx),
    sslVerifyHostname: parseBoolean(values.ssl_verify_hostname, 'ssl_verify_hostname', true, ctx),
    sslForceTls12: parseBoolean(values.ssl_force_tls_1_2, 'ssl_force_tls_1_2', false, ctx),
    ignoreSystemProxy: parseBoolean(values.ignore_system_proxy, 'ignore_system_proxy', false, ctx),
    source: ctx.source,
  };
  const certFile = text(values.ssl_cert_file);
  if (certFile !== undefined) credentials.sslCertFile = certFile;
  const proxy = text(values.proxy);
  if (proxy !== undefined) credentials.proxy = normalizeProxy(proxy, ctx);
  if (ctx.profile !== undefined) credentials.profile = ctx.profile;
  return credentials;
}

/**
 * Converts camelCase options (or a Credentials object) to profile values, dropping undefined ones.
 * @internal
 */
export function fromCamelCase(options: Partial<CredentialOptions> | Partial<Credentials>): ProfileValues {
  const out: ProfileValues = {};
  const set = (key: CredentialFileOption, value: unknown): void => {
    if (typeof value === 'string' || typeof value === 'boolean') out[key] = value;
  };
  set('url', options.url);
  set('token', options.token);
  set('ssl_verify', options.sslVerify);
  set('ssl_cert_file', options.sslCertFile);
  set('ssl_verify_hostname', options.sslVerifyHostname);
  set('ssl_force_tls_1_2', options.sslForceTls12);
  set('proxy', options.proxy);
  set('ignore_system_proxy', options.ignoreSystemProxy);
  return out;
}

/** Merges profile values, later ones winning key by key. @internal */
export function mergeValues(...layers: ProfileValues[]): ProfileValues {
  const out: ProfileValues = {};
  for (const layer of layers) {
    for (const key of FILE_OPTIONS) {
      const value = layer[key];
      if (value !== undefined) out[key] = value;
    }
  }
  return out;
}
