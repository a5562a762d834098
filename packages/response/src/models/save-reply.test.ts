import { describe, expect, it } from '@jest/globals';
import { statusReply } from './save-reply.js';

describe('statusReply', () => {
  it('reads a status with the id as "adopt the id"', () => {
    expect(statusReply({ result: 'success', id: 2 }, 'id')).toEqual({ id: 2 });
    expect(statusReply({ success: true, id: 'f1' }, 'id')).toEqual({ id: 'f1' });
    expect(statusReply({ result: 'success', username: 'jg' }, 'username')).toEqual({ username: 'jg' });
  });
  it('reads a status without id as "reload"', () => {
    expect(statusReply({ success: true }, 'id')).toEqual({ result: 'success' });
    expect(statusReply({ result: 'success', message: 'ok' }, 'id')).toEqual({ result: 'success' });
  });
  it('passes documents, failures and other shapes through', () => {
    const doc = { id: 2, name: 'x', result: 'success' };
    expect(statusReply(doc, 'id')).toBe(doc);
    const failed = { result: 'failed', id: 2 };
    expect(statusReply(failed, 'id')).toBe(failed);
    expect(statusReply({ id: 2 }, 'id')).toEqual({ id: 2 });
    expect(statusReply({ result: 'success' }, 'id')).toEqual({ result: 'success' });
    expect(statusReply(['a'], 'id')).toEqual(['a']);
    expect(statusReply(undefined, 'id')).toBeUndefined();
  });
});
