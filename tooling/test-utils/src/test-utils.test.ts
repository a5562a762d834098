import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { cbNock, FAKE_TOKEN, FAKE_URL, fakeCredentials, loadFixture } from './index.js';

function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('cbNock', () => {
  it('matches a request with the token and the base URL', async () => {
    const scope = cbNock().get('/api/info').reply(200, { version: '6.2.0' });
    const res = await get(`${FAKE_URL}/api/info`, { 'X-Auth-Token': FAKE_TOKEN });
    expect(res).toEqual({ status: 200, body: '{"version":"6.2.0"}' });
    expect(scope.isDone()).toBe(true);
  });

  it('does not match a request with another token', async () => {
    const scope = cbNock('https://other.example.test/', 'right-token').get('/x').reply(200, 'ok');
    await expect(get('https://other.example.test/x', { 'X-Auth-Token': 'wrong-token' })).rejects.toThrow(/No match|Nock/);
    expect(scope.isDone()).toBe(false);
    nock.cleanAll();
  });
});

describe('fakeCredentials', () => {
  it('gives valid defaults and applies overrides', () => {
    expect(fakeCredentials()).toMatchObject({ url: 'https://cb.example.test', token: FAKE_TOKEN, sslVerify: true, ignoreSystemProxy: true });
    expect(fakeCredentials({ sslVerify: false, url: 'https://x.test' })).toMatchObject({ sslVerify: false, url: 'https://x.test' });
  });
});

describe('loadFixture', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cbapi-fixtures-'));
    await writeFile(join(dir, 'sensor.online.json'), '{"id": 1, "status": "Online"}');
    await writeFile(join(dir, 'broken.json'), '{"id": ');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads a fixture by name, with or without .json, from a path or a file URL', () => {
    expect(loadFixture(dir, 'sensor.online')).toEqual({ id: 1, status: 'Online' });
    expect(loadFixture(pathToFileURL(`${dir}/`), 'sensor.online.json')).toEqual({ id: 1, status: 'Online' });
  });

  it('names the file when it is missing or not JSON', () => {
    expect(() => loadFixture(dir, 'nope')).toThrow(/nope\.json cannot be read/);
    expect(() => loadFixture(dir, 'broken')).toThrow(/broken\.json is not valid JSON/);
  });
});
