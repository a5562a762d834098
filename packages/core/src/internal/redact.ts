/** What replaces a secret in anything we log or throw. */
export const REDACTED = '[REDACTED]';

const PATTERNS: Array<[RegExp, string]> = [
  // X-Auth-Token: abc / "X-Auth-Token": "abc" / 'x-auth-token': 'abc'
  [/(x-auth-token["']?\s*[:=]\s*["']?)[^"'\s,}]+/gi, `$1${REDACTED}`],
  // token=abc in query strings and form bodies
  [/([?&;\s]token=)[^&\s#"']+/gi, `$1${REDACTED}`],
  // "token": "abc", "password": "abc", "auth_token": "abc", "api_key": ...
  [/("(?:token|auth_token|api_key|apikey|password|rabbitmq_pass|ssl_client_key)"\s*:\s*")(?:[^"\\]|\\.)*"/gi, `$1${REDACTED}"`],
  // token = abc (ini style)
  [/^(\s*(?:token|password)\s*=\s*).+$/gim, `$1${REDACTED}`],
];

/**
 * Removes tokens and passwords from a text: header values, `token=` query values, JSON
 * `"token"`/`"password"` fields, and every exact secret given.
 * @internal
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
