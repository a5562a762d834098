// Test helper (not built): a real CbResponseAPI (core transport) connected to a nock-mocked server,
// with the recorded 6.2 `/api/info` and partition list answering the connect sequence.
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { CbResponseAPI } from '../cb-response-api.js';

export const URL_ = 'https://cb.part2.test';
export const TOKEN = 'part2-token-0123456789abcdef';

/** A recorded exchange (`/work/shared/reference/recorded-cb-response-6.x/*.json`). */
export interface Recording<T = unknown> {
  method: string;
  path: string;
  query: unknown;
  status: number;
  body: T;
}

/** Reads a fixture of this folder. */
export function recording<T = unknown>(name: string): Recording<T> {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as Recording<T>;
}

/** A nock scope for the test server that checks the token. */
export function server(): nock.Scope {
  return nock(URL_, { reqheaders: { 'x-auth-token': TOKEN } });
}

/**
 * Connects a CbResponseAPI to the nock server (GET /api/info, and GET of the partitions on 6.x).
 * @param version - the server version to report (default: the recorded 6.2.0.171114.1158)
 */
export async function connect(version?: string): Promise<CbResponseAPI> {
  const info = recording<Record<string, unknown>>('info.v6-2.json').body;
  const scope = server().get('/api/info').reply(200, version === undefined ? info : { ...info, version });
  if (version === undefined || Number.parseInt(version, 10) >= 6) {
    scope.get('/api/v1/storage/events/partition').reply(200, recording('storage-partition.list.json').body as nock.Body);
  }
  const cb = await CbResponseAPI.connect({ url: URL_, token: TOKEN, maxRetries: 0, cache: false });
  if (!scope.isDone()) throw new Error(`connect did not send: ${scope.pendingMocks().join(', ')}`);
  return cb;
}

/** Captures JSON request bodies for a nock interceptor: `.put(path, capture(bodies))`. */
export function capture(into: unknown[]): (body: nock.Body) => boolean {
  return (body) => {
    into.push(body);
    return true;
  };
}
