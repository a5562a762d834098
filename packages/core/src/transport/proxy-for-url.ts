/**
 * Whether `NO_PROXY` exempts a host: `*`, exact names, `.suffix` or `suffix` domain matches,
 * optional `:port`.
 * @internal
 */
export function noProxyMatches(noProxy: string, hostname: string, port: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    let name = (m?.[1] ?? entry).replace(/^\[|\]$/g, '');
    const entryPort = m?.[2];
    if (entryPort !== undefined && entryPort !== port) continue;
    if (name.startsWith('*.')) name = name.slice(1);
    if (name.startsWith('.')) {
      if (host.endsWith(name) || host === name.slice(1)) return true;
    } else if (host === name || host.endsWith(`.${name}`)) {
      return true;
    }
  }
  return false;
}

/**
 * The proxy to use for an https server URL: the credentials' proxy, else HTTPS_PROXY/https_proxy
 * (honouring NO_PROXY/no_proxy) unless system proxies are ignored; undefined for a direct connection.
 * @internal
 */
export function proxyForUrl(
  serverUrl: string,
  credentials: { proxy?: string; ignoreSystemProxy: boolean },
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (credentials.proxy) return credentials.proxy;
  if (credentials.ignoreSystemProxy) return undefined;
  const proxy = env['HTTPS_PROXY'] || env['https_proxy'];
  if (!proxy) return undefined;
  const url = new URL(serverUrl);
  const noProxy = env['NO_PROXY'] || env['no_proxy'] || '';
  if (noProxy && noProxyMatches(noProxy, url.hostname, url.port || '443')) return undefined;
  return proxy;
}
