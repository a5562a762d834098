import { describe, expect, it } from '@jest/globals';
import { ApiError } from '@cbapi/core';
import { parseUiUrl } from './parse-ui-url.js';

const server = 'https://cb.example.com';

describe('parseUiUrl', () => {
  it('routes each UI page', () => {
    expect(parseUiUrl('https://cb.example.com/#/analyze/00000001-0000-0554-01d1-3bc4553b8c9f/1', server)).toEqual({ type: 'process', guid: '00000001-0000-0554-01d1-3bc4553b8c9f', segment: 1 });
    expect(parseUiUrl('https://cb.example.com:443/#binary/C7F5CAE0B450BE875EEE0E6DDFA771FE', server)).toEqual({ type: 'binary', md5: 'C7F5CAE0B450BE875EEE0E6DDFA771FE' });
    expect(parseUiUrl('https://cb.example.com/#/binaries/cb.urlver=1&q=md5%3Aabc', server)).toEqual({ type: 'binaryQuery', rawQuery: 'cb.urlver=1&q=md5%3Aabc' });
    expect(parseUiUrl('https://cb.example.com/#/search?cb.urlver=1&q=process_name%3Acmd.exe', server)).toEqual({ type: 'processQuery', rawQuery: 'cb.urlver=1&q=process_name%3Acmd.exe' });
    expect(parseUiUrl('https://cb.example.com/#/watchlist/6', server)).toEqual({ type: 'watchlist', id: '6' });
    expect(parseUiUrl('https://cb.example.com/#/threat-details/190/Report%20One', server)).toEqual({ type: 'threatReport', id: '190:Report One' });
    expect(parseUiUrl('https://cb.example.com/#/alerts/q=status%3AUnresolved', server).type).toBe('alertQuery');
    expect(parseUiUrl('https://cb.example.com/#/login', server)).toEqual({ type: 'api' });
    expect(parseUiUrl('https://cb.example.com/', server)).toEqual({ type: 'api' });
  });
  it('rejects other servers, missing ids and unknown pages', () => {
    expect(() => parseUiUrl('https://evil.example.com/#/binary/AA', server)).toThrow(/Invalid URL provided/);
    expect(() => parseUiUrl('http://cb.example.com/#/binary/AA', server)).toThrow(ApiError);
    expect(() => parseUiUrl('https://cb.example.com/#/binary', server)).toThrow(/does not include a unique ID/);
    expect(() => parseUiUrl('https://cb.example.com/#/host/3', server)).toThrow(/Unknown URL endpoint/);
    expect(() => parseUiUrl('not a url', server)).toThrow(/Invalid URL provided/);
  });
});
