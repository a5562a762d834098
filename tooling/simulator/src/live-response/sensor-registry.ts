import { CommandFailure } from './command-failure.js';

/** Registry value types a sensor accepts in `reg set value`. */
export const REGISTRY_VALUE_TYPES = [
  'REG_NONE',
  'REG_SZ',
  'REG_EXPAND_SZ',
  'REG_BINARY',
  'REG_DWORD',
  'REG_DWORD_BIG_ENDIAN',
  'REG_LINK',
  'REG_MULTI_SZ',
  'REG_QWORD',
] as const;

/** One registry value type. */
export type RegistryValueType = (typeof REGISTRY_VALUE_TYPES)[number];

/** A registry value as the server reports it. */
export interface RegistryValue {
  value_type: RegistryValueType;
  value_name: string;
  value_data: string | number | string[];
}

interface RegistryKey {
  name: string;
  subKeys: Map<string, RegistryKey>;
  values: Map<string, RegistryValue>;
}

const HIVES: Record<string, string> = {
  hklm: 'HKEY_LOCAL_MACHINE',
  hkey_local_machine: 'HKEY_LOCAL_MACHINE',
  hkcu: 'HKEY_CURRENT_USER',
  hkey_current_user: 'HKEY_CURRENT_USER',
  hku: 'HKEY_USERS',
  hkey_users: 'HKEY_USERS',
  hkcr: 'HKEY_CLASSES_ROOT',
  hkey_classes_root: 'HKEY_CLASSES_ROOT',
  hkcc: 'HKEY_CURRENT_CONFIG',
  hkey_current_config: 'HKEY_CURRENT_CONFIG',
};

/** Keys whose deletion Windows refuses (ERROR_ACCESS_DENIED). */
const PROTECTED_DEPTH = 2;

/**
 * The registry of one simulated Windows endpoint: keys are case-insensitive, paths start with a
 * hive (`HKLM`, `HKEY_LOCAL_MACHINE`, `HKCU`, ...). Failures are {@link CommandFailure}s.
 */
export class SensorRegistry {
  private readonly hives = new Map<string, RegistryKey>();

  constructor() {
    for (const hive of new Set(Object.values(HIVES))) this.hives.set(hive.toLowerCase(), newKey(hive));
  }

  /** `reg enum key`: the values and sub-key names of a key. */
  enumKey(path: string): { values: RegistryValue[]; sub_keys: string[] } {
    const key = this.find(this.split(path));
    return {
      values: [...key.values.values()].map((v) => cloneValue(v)),
      sub_keys: [...key.subKeys.values()].map((k) => k.name),
    };
  }

  /** `reg query value`: `path` is the key path plus the value name. */
  queryValue(path: string): RegistryValue {
    const parts = this.split(path);
    const valueName = parts.pop() ?? '';
    const value = this.find(parts).values.get(valueName.toLowerCase());
    if (!value) throw new CommandFailure('FILE_NOT_FOUND', `Registry value ${path} not found`);
    return cloneValue(value);
  }

  /** `reg set value`: the key must exist; an existing value is replaced only with `overwrite`. */
  setValue(path: string, type: RegistryValueType, data: string | number | string[], overwrite: boolean): void {
    const parts = this.split(path);
    const valueName = parts.pop() ?? '';
    const key = this.find(parts);
    const existing = key.values.get(valueName.toLowerCase());
    if (existing && !overwrite) throw new CommandFailure('ALREADY_EXISTS', `Registry value ${path} exists and overwrite is false`);
    key.values.set(valueName.toLowerCase(), { value_type: type, value_name: existing?.value_name ?? valueName, value_data: normaliseData(type, data) });
  }

  /** `reg delete value`. */
  deleteValue(path: string): void {
    const parts = this.split(path);
    const valueName = parts.pop() ?? '';
    const key = this.find(parts);
    if (!key.values.delete(valueName.toLowerCase())) throw new CommandFailure('FILE_NOT_FOUND', `Registry value ${path} not found`);
  }

  /** `reg create key`: creates the key and any missing parent (as RegCreateKeyEx); an existing key is fine. */
  createKey(path: string): void {
    const parts = this.split(path);
    let key = this.hive(parts[0] ?? '', path);
    for (const part of parts.slice(1)) {
      let child = key.subKeys.get(part.toLowerCase());
      if (!child) {
        child = newKey(part);
        key.subKeys.set(part.toLowerCase(), child);
      }
      key = child;
    }
  }

  /** `reg delete key`: refuses keys with sub-keys and top-level keys (ERROR_ACCESS_DENIED). */
  deleteKey(path: string): void {
    const parts = this.split(path);
    if (parts.length <= PROTECTED_DEPTH) throw new CommandFailure('ACCESS_DENIED', `Registry key ${path} cannot be deleted`);
    const name = parts.pop() ?? '';
    const parent = this.find(parts);
    const key = parent.subKeys.get(name.toLowerCase());
    if (!key) throw new CommandFailure('FILE_NOT_FOUND', `Registry key ${path} not found`);
    if (key.subKeys.size > 0) throw new CommandFailure('ACCESS_DENIED', `Registry key ${path} has sub-keys`);
    parent.subKeys.delete(name.toLowerCase());
  }

  /** Seeds a value, creating its key (setup helper). */
  seed(keyPath: string, name: string, type: RegistryValueType, data: string | number | string[]): void {
    this.createKey(keyPath);
    this.find(this.split(keyPath)).values.set(name.toLowerCase(), { value_type: type, value_name: name, value_data: normaliseData(type, data) });
  }

  private split(path: string): string[] {
    if (typeof path !== 'string' || path.trim() === '') throw new CommandFailure('INVALID_PARAMETER', 'A registry path is required');
    const parts = path.split('\\').filter((p) => p !== '');
    if (parts.length === 0) throw new CommandFailure('INVALID_PARAMETER', `Invalid registry path ${path}`);
    return parts;
  }

  private hive(name: string, path: string): RegistryKey {
    const full = HIVES[name.toLowerCase()];
    const hive = full ? this.hives.get(full.toLowerCase()) : undefined;
    if (!hive) throw new CommandFailure('INVALID_PARAMETER', `Unknown registry hive in ${path}`);
    return hive;
  }

  private find(parts: string[]): RegistryKey {
    const path = parts.join('\\');
    let key = this.hive(parts[0] ?? '', path);
    for (const part of parts.slice(1)) {
      const child = key.subKeys.get(part.toLowerCase());
      if (!child) throw new CommandFailure('FILE_NOT_FOUND', `Registry key ${path} not found`);
      key = child;
    }
    return key;
  }
}

function newKey(name: string): RegistryKey {
  return { name, subKeys: new Map(), values: new Map() };
}

function cloneValue(value: RegistryValue): RegistryValue {
  return { ...value, value_data: Array.isArray(value.value_data) ? [...value.value_data] : value.value_data };
}

/** Checks and converts `value_data` for its type, as the sensor does. */
function normaliseData(type: RegistryValueType, data: string | number | string[]): string | number | string[] {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN': {
      const n = typeof data === 'number' ? data : typeof data === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(data.trim()) ? Number(data.trim()) : NaN;
      if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new CommandFailure('INVALID_PARAMETER', `${type} needs an integer 0..4294967295`);
      return n;
    }
    case 'REG_QWORD': {
      const n = typeof data === 'number' ? data : typeof data === 'string' && /^(0x[0-9a-f]+|\d+)$/i.test(data.trim()) ? Number(data.trim()) : NaN;
      if (!Number.isSafeInteger(n) || n < 0) throw new CommandFailure('INVALID_PARAMETER', `${type} needs a non-negative integer`);
      return n;
    }
    case 'REG_MULTI_SZ':
      if (Array.isArray(data)) return data.map(String);
      if (typeof data === 'string') return [data];
      throw new CommandFailure('INVALID_PARAMETER', 'REG_MULTI_SZ needs a list of strings');
    case 'REG_BINARY':
      if (typeof data === 'string' && /^([0-9a-f]{2})*$/i.test(data.replace(/\s/g, ''))) return data.replace(/\s/g, '').toLowerCase();
      throw new CommandFailure('INVALID_PARAMETER', 'REG_BINARY needs a hex string');
    default:
      if (Array.isArray(data)) throw new CommandFailure('INVALID_PARAMETER', `${type} needs a string`);
      return String(data);
  }
}
