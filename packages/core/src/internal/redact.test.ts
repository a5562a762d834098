import { describe, expect, it } from '@jest/globals';
import { REDACTED, redact } from './redact.js';

const TOKEN = '3f2a9c0d8e7b6a5f4e3d2c1b0a998877';

describe('redact', () => {
  it('redacts X-Auth-Token header values in any quoting', () => {
    expect(redact(`X-Auth-Token: ${TOKEN}`)).toBe(`X-Auth-Token: ${REDACTED}`);
    expect(redact(`{"X-Auth-Token": "${TOKEN}", "a": 1}`)).toBe(`{"X-Auth-Token": "${REDACTED}", "a": 1}`);
    expect(redact(`{ 'x-auth-token': '${TOKEN}' }`)).toBe(`{ 'x-auth-token': '${REDACTED}' }`);
  });

  it('redacts token= query and form values', () => {
    expect(redact(`/api/v1/process?q=x&token=${TOKEN}&rows=1`)).toBe(`/api/v1/process?q=x&token=${REDACTED}&rows=1`);
    expect(redact(`GET /x?token=${TOKEN}`)).toBe(`GET /x?token=${REDACTED}`);
    expect(redact('/x?mytoken=abc')).toBe('/x?mytoken=abc');
  });

  it('redacts token, password and key fields of JSON, escaped quotes included', () => {
    const json = JSON.stringify({ username: 'u', password: 'p"w', token: TOKEN, auth_token: TOKEN, api_key: 'k', rabbitmq_pass: 'r' });
    const out = redact(json);
    expect(out).toBe(`{"username":"u","password":"${REDACTED}","token":"${REDACTED}","auth_token":"${REDACTED}","api_key":"${REDACTED}","rabbitmq_pass":"${REDACTED}"}`);
  });

  it('redacts ini-style token and password lines', () => {
    expect(redact(`[default]\nurl = https://x.test\ntoken = ${TOKEN}\npassword=hunter2\n`))
      .toBe(`[default]\nurl = https://x.test\ntoken = ${REDACTED}\npassword=${REDACTED}\n`);
  });

  it('redacts every exact secret given, ignoring ones too short to be secrets', () => {
    expect(redact(`prefix ${TOKEN} suffix ${TOKEN}`, [TOKEN])).toBe(`prefix ${REDACTED} suffix ${REDACTED}`);
    expect(redact('a b abc', ['abc', '', 'ab'])).toBe('a b abc');
    expect(redact('key/connector', ['key/connector'])).toBe(REDACTED);
  });

  it('leaves ordinary text alone', () => {
    const text = 'HTTP GET /api/v1/sensor/1 took 0.012s (response 200)';
    expect(redact(text)).toBe(text);
  });
});
