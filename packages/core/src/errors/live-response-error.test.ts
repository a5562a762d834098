import { describe, expect, it } from '@jest/globals';
import { ApiError } from './api-error.js';
import { decodeWin32Error, LiveResponseError } from './live-response-error.js';

describe('decodeWin32Error', () => {
  it('decodes HRESULTs of facility WIN32', () => {
    expect(decodeWin32Error(0x80070002)).toBe('ERROR_FILE_NOT_FOUND');
    expect(decodeWin32Error(-2147024891)).toBe('ERROR_ACCESS_DENIED');
    expect(decodeWin32Error(0x80070003)).toBe('ERROR_PATH_NOT_FOUND');
  });
  it("gives '' for other facilities and unknown codes", () => {
    expect(decodeWin32Error(0x80004005)).toBe('');
    expect(decodeWin32Error(0x80070fff)).toBe('');
    expect(decodeWin32Error(2)).toBe('');
  });
});

describe('LiveResponseError', () => {
  it('decodes 0x80070002 to ERROR_FILE_NOT_FOUND from a command object', () => {
    const error = new LiveResponseError({
      id: 5, session_id: 3, name: 'get file', status: 'error', result_type: 'WinHresult', result_code: 2147942402,
      result_desc: 'The system cannot find the file specified.',
    });
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error.win32Error).toBe(0x80070002);
    expect(error.decodedWin32Error).toBe('ERROR_FILE_NOT_FOUND');
    expect(error.description).toBe('The system cannot find the file specified.');
    expect(error.sessionId).toBe(3);
    expect(error.commandId).toBe(5);
    expect(error.message).toBe("Live Response command 'get file' failed: Win32 error code 0x80070002 (ERROR_FILE_NOT_FOUND): The system cannot find the file specified.");
  });
  it('reads a string result_code and a negative one', () => {
    expect(new LiveResponseError({ result_type: 'WinHresult', result_code: '2147942405' }).decodedWin32Error).toBe('ERROR_ACCESS_DENIED');
    expect(new LiveResponseError({ result_type: 'WinHresult', result_code: -2147024894 }).win32Error).toBe(0x80070002);
  });
  it('describes non-Win32 results and bare session failures', () => {
    const other = new LiveResponseError({ name: 'kill', result_type: 'Posix', result_code: 3 });
    expect(other.win32Error).toBeUndefined();
    expect(other.message).toBe("Live Response command 'kill' failed: Posix 3");
    const session = new LiveResponseError({ id: 9, status: 'close' }, { sessionId: 9 });
    expect(session.message).toBe('Live Response failed with status close');
    expect(session.sessionId).toBe(9);
    expect(session.commandId).toBeUndefined();
    expect(new LiveResponseError({}).message).toBe('Live Response failed with status error');
  });
});
