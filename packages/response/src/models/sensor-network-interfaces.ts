/**
 * One network adapter of a sensor, decoded from the server's `network_adapters` string
 * (cbapi's `Sensor.NetworkAdapter(macaddr, ipaddr)`).
 * @public
 */
export interface NetworkInterface {
  /** MAC address with colons, lower case as the server sends it: `00:15:5d:01:9c:08`. */
  readonly macaddr: string;
  /** IP address: `192.168.1.163`. */
  readonly ipaddr: string;
}

/**
 * Decodes a sensor's `network_adapters` field (`"<ip>,<mac without colons>|<ip>,<mac>|"`) into
 * `{ macaddr, ipaddr }` pairs. Entries that are not exactly `ip,mac` are skipped, as cbapi does; a
 * missing or non-string value gives an empty list.
 *
 * @param value - the raw `network_adapters` value
 * @returns the adapters in server order
 * @example
 * ```ts
 * parseNetworkAdapters('192.168.1.163,00155d019c08|'); // [{ macaddr: '00:15:5d:01:9c:08', ipaddr: '192.168.1.163' }]
 * ```
 * @internal
 */
export function parseNetworkAdapters(value: unknown): NetworkInterface[] {
  if (typeof value !== 'string') return [];
  const out: NetworkInterface[] = [];
  for (const adapter of value.split('|')) {
    const parts = adapter.split(',');
    if (parts.length !== 2) continue;
    const [ipaddr = '', mac = ''] = parts;
    const pairs: string[] = [];
    for (let i = 0; i < mac.length; i += 2) pairs.push(mac.slice(i, i + 2));
    out.push({ macaddr: pairs.join(':'), ipaddr });
  }
  return out;
}
