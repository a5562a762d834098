import { describe, expect, it } from '@jest/globals';
import { pythonJson } from './python-json.js';

describe('pythonJson', () => {
  it("matches json.dumps(data, sort_keys=True)", () => {
    expect(pythonJson({ username: 'jgarman', email: 'j@example.com', teams: [], global_admin: false, id: null, first_name: 'Jason' }))
      .toBe('{"email": "j@example.com", "first_name": "Jason", "global_admin": false, "id": null, "teams": [], "username": "jgarman"}');
    expect(pythonJson({ b: { d: 1, c: [1, 2.5, 'x'] }, a: {} })).toBe('{"a": {}, "b": {"c": [1, 2.5, "x"], "d": 1}}');
    expect(pythonJson(null)).toBe('null');
    expect(pythonJson('é ✓ 😀')).toBe('"\\u00e9 \\u2713 \\ud83d\\ude00"');
    expect(pythonJson('tab\t"quote"\\')).toBe('"tab\\t\\"quote\\"\\\\"');
  });
  it('follows JSON.stringify for toJSON, undefined and non-finite values', () => {
    expect(pythonJson({ when: new Date('2026-01-02T03:04:05Z'), skip: undefined, f: () => 1, n: Number.NaN, arr: [undefined, Infinity] }))
      .toBe('{"arr": [null, null], "n": null, "when": "2026-01-02T03:04:05.000Z"}');
    expect(pythonJson(undefined)).toBe('null');
    const shared = { x: 1 };
    expect(pythonJson({ a: shared, b: shared })).toBe('{"a": {"x": 1}, "b": {"x": 1}}');
  });
  it('refuses circular structures and bigints', () => {
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(() => pythonJson(loop)).toThrow(/circular structure \(at self\)/);
    expect(() => pythonJson({ big: 1n })).toThrow(/bigint \(big\)/);
  });
});
