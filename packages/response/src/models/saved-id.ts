import { ApiError } from '@cbapi/core';
import type { BaseModel } from '@cbapi/core';

/**
 * The id a reference setter stores (`sensor.group = sg`, `sg.site = site`): a number as given, or the
 * id of a saved instance of `Model`.
 *
 * @param value - what was assigned
 * @param Model - the model class the setter accepts
 * @param setter - how the message names the setter (`Sensor.group`)
 * @param idName - how the message names a bare id (`group id`)
 * @returns the integer id
 * @throws {@link ApiError} for an unsaved object or anything that is not an integer id
 * @internal
 */
export function savedId<M extends BaseModel>(
  value: M | number,
  Model: (abstract new (...args: never[]) => M) & { readonly modelName: string },
  setter: string,
  idName: string,
): number {
  const id = typeof value === 'number' ? value : value instanceof Model ? value.uniqueId() : undefined;
  if (typeof id !== 'number' || !Number.isInteger(id)) {
    throw new ApiError(`${setter} takes a saved ${Model.modelName} or a ${idName}, got ${value instanceof Model ? `an unsaved ${Model.modelName}` : JSON.stringify(value)}`);
  }
  return id;
}
