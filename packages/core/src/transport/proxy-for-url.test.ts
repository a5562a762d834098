import { describe, expect, it } from '@jest/globals';
import { noProxyMatches, proxyForUrl } from './proxy-for-url.js';

describe('proxyForUrl', () => {
  const url = 'https://cb.example.com';
  it('prefers the credentials proxy', () => {
    expect(proxyForUrl(url, { proxy: 'http://mine:1', ignoreSystemProxy: true }, { HTTPS_PROXY: 'http://env:2' })).toBe('http://mine:1');
  });
  it('uses HTTPS_PROXY or https_proxy unless ignored', () => {
    expect(proxyForUrl(url, { ignoreSystemProxy: false }, { HTTPS_PROXY: 'http://env:2' })).toBe('http://env:2');
    expect(proxyForUrl(url, { ignoreSystemProxy: false }, { https_proxy: 'http://lower:3' })).toBe('http://lower:3');
    expect(proxyForUrl(url, { ignoreSystemProxy: true }, { HTTPS_PROXY: 'http://env:2' })).toBeUndefined();
    expect(proxyForUrl(url, { ignoreSystemProxy: false }, {})).toBeUndefined();
  });
  it('honours NO_PROXY and no_proxy', () => {
    expect(proxyForUrl(url, { ignoreSystemProxy: false }, { HTTPS_PROXY: 'http://p:1', NO_PROXY: 'localhost,.example.com' })).toBeUndefined();
    expect(proxyForUrl(url, { ignoreSystemProxy: false }, { HTTPS_PROXY: 'http://p:1', no_proxy: 'other.test' })).toBe('http://p:1');
  });
});

describe('noProxyMatches', () => {
  it.each([
    ['*', 'a.b', '443', true],
    ['cb.example.com', 'cb.example.com', '443', true],
    ['example.com', 'cb.example.com', '443', true],
    ['.example.com', 'example.com', '443', true],
    ['*.example.com', 'cb.example.com', '443', true],
    ['ample.com', 'cb.example.com', '443', false],
    ['cb.example.com:8443', 'cb.example.com', '443', false],
    ['cb.example.com:8443', 'cb.example.com', '8443', true],
    ['127.0.0.1', '127.0.0.1', '443', true],
    ['[::1]', '[::1]', '443', true],
    [' , ', 'x', '443', false],
  ])('%p vs %p:%p → %p', (noProxy, host, port, expected) => {
    expect(noProxyMatches(noProxy, host, port)).toBe(expected);
  });
});
