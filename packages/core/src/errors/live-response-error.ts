import { ApiError, type ApiErrorOptions } from './api-error.js';

/** Win32 error names for the codes Live Response commands report most. */
const WIN32_ERRORS: Record<number, string> = {
  1: 'ERROR_INVALID_FUNCTION',
  2: 'ERROR_FILE_NOT_FOUND',
  3: 'ERROR_PATH_NOT_FOUND',
  4: 'ERROR_TOO_MANY_OPEN_FILES',
  5: 'ERROR_ACCESS_DENIED',
  6: 'ERROR_INVALID_HANDLE',
  8: 'ERROR_NOT_ENOUGH_MEMORY',
  15: 'ERROR_INVALID_DRIVE',
  32: 'ERROR_SHARING_VIOLATION',
  33: 'ERROR_LOCK_VIOLATION',
  80: 'ERROR_FILE_EXISTS',
  87: 'ERROR_INVALID_PARAMETER',
  112: 'ERROR_DISK_FULL',
  123: 'ERROR_INVALID_NAME',
  145: 'ERROR_DIR_NOT_EMPTY',
  183: 'ERROR_ALREADY_EXISTS',
  206: 'ERROR_FILENAME_EXCED_RANGE',
  1009: 'ERROR_BADDB',
  1010: 'ERROR_BADKEY',
  1018: 'ERROR_KEY_DELETED',
  1021: 'ERROR_KEY_HAS_CHILDREN',
};

/** Decodes an HRESULT of facility WIN32 (0x8007xxxx) to its Win32 error name, or `''`. */
export function decodeWin32Error(code: number): string {
  const hr = code >>> 0;
  const facility = (hr >>> 16) & 0x1fff;
  if (facility !== 7) return '';
  return WIN32_ERRORS[hr & 0xffff] ?? '';
}

export interface LiveResponseErrorOptions extends ApiErrorOptions {
  sessionId?: number | string;
  commandId?: number;
  /** The full command (or session) object the server returned. */
  details?: Record<string, unknown>;
}

/**
 * A Live Response command or session ended in `error` on the endpoint. Carries the endpoint's
 * code (`win32Error`, e.g. 0x80070002), its decoded name (`ERROR_FILE_NOT_FOUND`) and the
 * server's `result_desc`.
 * @public
 */
export class LiveResponseError extends ApiError {
  static override readonly errorName: string = 'LiveResponseError';
  readonly sessionId: number | string | undefined;
  readonly commandId: number | undefined;
  /** The `result_code` when `result_type` is `WinHresult`, else undefined. */
  readonly win32Error: number | undefined;
  /** The decoded Win32 name, or `''` when unknown. */
  readonly decodedWin32Error: string;
  /** The server's `result_desc`. */
  readonly description: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(details: Record<string, unknown>, options: LiveResponseErrorOptions = {}) {
    const resultType = details['result_type'];
    const rawCode = details['result_code'];
    const code = typeof rawCode === 'number' ? rawCode : typeof rawCode === 'string' ? Number(rawCode) : NaN;
    const win32Error = resultType === 'WinHresult' && Number.isFinite(code) ? code >>> 0 : undefined;
    const decoded = win32Error === undefined ? '' : decodeWin32Error(win32Error);
    const description = typeof details['result_desc'] === 'string' ? (details['result_desc'] as string) : '';
    const name = typeof details['name'] === 'string' ? ` '${details['name'] as string}'` : '';
    let message: string;
    if (win32Error !== undefined) {
      message = `Live Response command${name} failed: Win32 error code 0x${win32Error.toString(16).toUpperCase().padStart(8, '0')}${decoded ? ` (${decoded})` : ''}`;
    } else if (resultType !== undefined) {
      message = `Live Response command${name} failed: ${String(resultType)} ${String(rawCode ?? '')}`.trimEnd();
    } else {
      message = `Live Response${name} failed with status ${String(details['status'] ?? 'error')}`;
    }
    if (description) message += `: ${description}`;
    super(message, options);
    this.sessionId = options.sessionId ?? (details['session_id'] as number | undefined);
    this.commandId = options.commandId ?? (typeof details['id'] === 'number' && details['session_id'] !== undefined ? (details['id'] as number) : undefined);
    this.win32Error = win32Error;
    this.decodedWin32Error = decoded;
    this.description = description;
    this.details = details;
  }
}
