import { describe, expect, it } from '@jest/globals';
import { ApiError } from '@cbapi/core';
import { actionTypeCode, actionTypeName } from './action-type.js';

describe('action types', () => {
  it('maps codes to names and back', () => {
    expect([0, 1, 2, 3, '3', 9, null].map(actionTypeName)).toEqual(['email', 'syslog', 'http_post', 'alert', 'alert', 'unknown', 'unknown']);
    expect(['email', 'syslog', 'http_post', 'alert'].map(actionTypeCode)).toEqual([0, 1, 2, 3]);
  });
  it('rejects an unknown name with ApiError', () => {
    expect(() => actionTypeCode('pager')).toThrow(/Unknown Action type: pager/);
    try {
      actionTypeCode('pager');
    } catch (e) {
      expect(ApiError.isInstance(e)).toBe(true);
    }
  });
});
