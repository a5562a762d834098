import { describe, expect, it } from '@jest/globals';
import { CredentialError } from '../errors/credential-error.js';
import { fromCamelCase, hideUserInfo, mergeValues, normalizeServerUrl, parseBoolean, toCredentials } from './profile-values.js';

const ctx = { profile: 'prod', source: '/tmp/credentials.response' };

function catchError(fn: () => unknown): CredentialError {
  try {
    fn();
  } catch (error) {
    if (CredentialError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a CredentialError');
}

describe('parseBoolean', () => {
  it.each(['1', 'yes', 'true', 'on', 'TRUE', ' Yes ', 'On'])('reads %p as true', (v) => {
    expect(parseBoolean(v, 'ssl_verify', false, ctx)).toBe(true);
  });
  it.each(['0', 'no', 'false', 'off', 'False', 'NO', 'OFF'])('reads %p as false', (v) => {
    expect(parseBoolean(v, 'ssl_verify', true, ctx)).toBe(false);
  });
  it('keeps booleans and uses the default for undefined', () => {
    expect(parseBoolean(false, 'ssl_verify', true, ctx)).toBe(false);
    expect(parseBoolean(undefined, 'ssl_verify', true, ctx)).toBe(true);
    expect(parseBoolean(undefined, 'ssl_force_tls_1_2', false, ctx)).toBe(false);
  });
  it.each(['maybe', '', '2', 'enabled'])('refuses %p naming profile and option', (v) => {
    const error = catchError(() => parseBoolean(v, 'ssl_verify_hostname', true, ctx));
    expect(error.profile).toBe('prod');
    expect(error.option).toBe('ssl_verify_hostname');
    expect(error.message).toContain("profile 'prod'");
    expect(error.message).toContain('ssl_verify_hostname');
  });
});

describe('normalizeServerUrl', () => {
  it('strips trailing slashes and keeps the port', () => {
    expect(normalizeServerUrl('https://cb.example.com/', ctx)).toBe('https://cb.example.com');
    expect(normalizeServerUrl('https://cb.example.com:8443//', ctx)).toBe('https://cb.example.com:8443');
    expect(normalizeServerUrl('https://CB.Example.com', ctx)).toBe('https://cb.example.com');
  });
  it('refuses plain http, saying servers are HTTPS only', () => {
    const error = catchError(() => normalizeServerUrl('http://cb.example.com', ctx));
    expect(error.option).toBe('url');
    expect(error.message).toMatch(/plain http/);
    expect(error.message).toMatch(/HTTPS only/);
    expect(error.message).toContain('https://cb.example.com');
  });
  it.each([
    ['cb.example.com', /must be a URL/],
    ['not a url', /must be a URL/],
    ['ftp://cb.example.com', /must use https/],
    ['https://cb.example.com/api', /without a path or query/],
    ['https://cb.example.com/?x=1', /without a path or query/],
    ['https://cb.example.com/#frag', /without a path or query/],
    ['https://user:pw@cb.example.com', /user name or password/],
  ])('refuses %p', (url, pattern) => {
    const error = catchError(() => normalizeServerUrl(url, ctx));
    expect(error.message).toMatch(pattern);
    expect(error.option).toBe('url');
  });
});

describe('toCredentials', () => {
  it('applies cbapi defaults', () => {
    expect(toCredentials({ url: 'https://cb.example.com/', token: ' abc123 ' }, ctx)).toEqual({
      url: 'https://cb.example.com', token: 'abc123', sslVerify: true, sslVerifyHostname: true, sslForceTls12: false,
      ignoreSystemProxy: false, profile: 'prod', source: ctx.source,
    });
  });
  it('reads every option', () => {
    const creds = toCredentials({
      url: 'https://cb.example.com', token: 't0k3n', ssl_verify: 'no', ssl_cert_file: '/etc/cb.pem', ssl_verify_hostname: 'off',
      ssl_force_tls_1_2: 'yes', proxy: 'http://proxy:3128', ignore_system_proxy: 'on',
    }, { source: 'environment' });
    expect(creds).toEqual({
      url: 'https://cb.example.com', token: 't0k3n', sslVerify: false, sslCertFile: '/etc/cb.pem', sslVerifyHostname: false,
      sslForceTls12: true, proxy: 'http://proxy:3128', ignoreSystemProxy: true, source: 'environment',
    });
  });
  it('needs a url and a token', () => {
    expect(catchError(() => toCredentials({ token: 'abc' }, ctx))).toMatchObject({ option: 'url', profile: 'prod' });
    expect(catchError(() => toCredentials({ url: 'https://x.test', token: '  ' }, ctx)).message).toMatch(/No API token specified for profile 'prod'/);
    expect(catchError(() => toCredentials({ url: true, token: 'abc' }, { source: 'options' })).message).toMatch(/No URL specified in options/);
  });
  it('hides proxy passwords in messages', () => {
    expect(hideUserInfo('http://user:pw@proxy:3128')).toBe('http://***@proxy:3128');
    expect(hideUserInfo('http://proxy:3128')).toBe('http://proxy:3128');
    expect(catchError(() => toCredentials({ url: 'https://x.test', token: 'abc', proxy: 'socks5://u:hunter2@p:1080' }, ctx)).message).not.toContain('hunter2');
  });
  it('refuses a proxy that is not an http(s) URL', () => {
    expect(catchError(() => toCredentials({ url: 'https://x.test', token: 'abc', proxy: 'socks5://p:1080' }, ctx)).option).toBe('proxy');
    expect(catchError(() => toCredentials({ url: 'https://x.test', token: 'abc', proxy: 'nope' }, ctx)).option).toBe('proxy');
  });
});

describe('fromCamelCase and mergeValues', () => {
  it('converts camelCase options and drops undefined', () => {
    expect(fromCamelCase({ url: 'https://x.test', sslVerify: false, sslForceTls12: true, proxy: undefined })).toEqual({
      url: 'https://x.test', ssl_verify: false, ssl_force_tls_1_2: true,
    });
  });
  it('lets later layers win key by key', () => {
    expect(mergeValues({ url: 'a', token: 'b', ssl_verify: 'no' }, { token: 'c' }, { ssl_verify: true })).toEqual({ url: 'a', token: 'c', ssl_verify: true });
  });
});
