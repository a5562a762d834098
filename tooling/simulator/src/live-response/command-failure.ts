import { HRESULT, type HresultName } from './hresult.js';

/**
 * Thrown while a command runs on the simulated endpoint: the command ends in `error` with this
 * `result_code` (`WinHresult`) and `result_desc`.
 */
export class CommandFailure extends Error {
  /** The unsigned HRESULT, e.g. 2147942402 for ERROR_FILE_NOT_FOUND. */
  readonly code: number;

  constructor(
    readonly win32: HresultName,
    readonly description: string,
  ) {
    super(`${win32}: ${description}`);
    this.name = 'CommandFailure';
    this.code = HRESULT[win32];
  }
}
