/**
 * Win32 errors as the HRESULTs (facility 7, `0x8007xxxx`) a sensor reports in `result_code`,
 * as unsigned integers (0x80070002 = 2147942402).
 */
export const HRESULT = {
  FILE_NOT_FOUND: 0x80070002,
  PATH_NOT_FOUND: 0x80070003,
  ACCESS_DENIED: 0x80070005,
  FILE_EXISTS: 0x80070050,
  INVALID_PARAMETER: 0x80070057,
  DIR_NOT_EMPTY: 0x80070091,
  ALREADY_EXISTS: 0x800700b7,
} as const;

/** Names of the HRESULTs above. */
export type HresultName = keyof typeof HRESULT;
