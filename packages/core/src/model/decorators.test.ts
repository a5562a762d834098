import { describe, it, expect } from '@jest/globals';
import { BaseModel } from './base-model.js';
import { Expose, Transform, Type } from './decorators.js';
import { declaredFields } from './field-registry.js';
import { hydrate } from './hydrate.js';

class Parent extends BaseModel {
  @Type(() => Number) id!: number;
}
class Child extends Parent {
  @Expose() @Type(() => String) name!: string;
  @Transform(({ obj }) => String((obj as Record<string, unknown>)['code']).toUpperCase(), { toClassOnly: true }) code!: string;
}

describe('field decorators', () => {
  it('record declared fields along the class chain, once each', () => {
    expect(declaredFields(Child.prototype)).toEqual(['id', 'name', 'code']);
    expect(declaredFields(Parent.prototype)).toEqual(['id']);
    expect(declaredFields(Child.prototype)).toBe(declaredFields(Child.prototype));
  });
  it('apply class-transformer conversions through hydrate()', () => {
    const c = hydrate(Child, undefined, { id: '7', name: 'n', code: 'ab', other: true });
    expect(c.id).toBe(7);
    expect(c.code).toBe('AB');
    expect(c.get('other')).toBe(true);
    expect(Object.keys(c).sort()).toEqual(['code', 'id', 'name']);
  });
});
