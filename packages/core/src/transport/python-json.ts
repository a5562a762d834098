/** `JSON.stringify` of a string with every non-ASCII UTF-16 unit escaped, as Python's `ensure_ascii`. */
function quote(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Serialises a value as cbapi sends JSON bodies, `json.dumps(data, sort_keys=True)`: object keys
 * sorted, `", "` and `": "` separators, non-ASCII escaped. Otherwise it follows `JSON.stringify`
 * (toJSON, undefined members dropped, non-finite numbers as null).
 * @throws TypeError for a circular structure or a bigint.
 * @internal
 */
export function pythonJson(value: unknown): string {
  const stack = new Set<object>();
  const serialize = (input: unknown, key: string): string | undefined => {
    let v = input;
    if (typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: (k: string) => unknown }).toJSON(key);
    }
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return quote(v);
      case 'number':
        return Number.isFinite(v) ? JSON.stringify(v) : 'null';
      case 'boolean':
        return v ? 'true' : 'false';
      case 'bigint':
        throw new TypeError(`Cannot serialise a bigint (${key || 'value'}) as JSON`);
      case 'object': {
        if (stack.has(v)) throw new TypeError(`Cannot serialise a circular structure (at ${key || 'the top'}) as JSON`);
        stack.add(v);
        let out: string;
        if (Array.isArray(v)) {
          out = `[${v.map((item, i) => serialize(item, String(i)) ?? 'null').join(', ')}]`;
        } else {
          const members: string[] = [];
          for (const k of Object.keys(v).sort()) {
            const member = serialize((v as Record<string, unknown>)[k], k);
            if (member !== undefined) members.push(`${quote(k)}: ${member}`);
          }
          out = `{${members.join(', ')}}`;
        }
        stack.delete(v);
        return out;
      }
      default:
        return undefined;
    }
  };
  return serialize(value, '') ?? 'null';
}
