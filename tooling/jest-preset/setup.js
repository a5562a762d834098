// Network policy for every test file.
//
// Unit tests (`*.test.ts` next to the code) run under nock: no request leaves the process except to
// loopback. Integration tests (`*.integ.test.ts`) talk to the in-process simulator on 127.0.0.1 and
// run WITHOUT nock: its loopback passthrough cuts streamed responses whose reader applies
// backpressure (large downloads), which a real socket never does.
//
// Jest runs many files in one worker and `node:http` is shared between them while each file gets its
// own copy of nock (which patches `node:http` when imported), so every file leaves `node:http` as it
// found it: restored.
import nock from 'nock';
import { afterAll, afterEach, expect } from '@jest/globals';

const testPath = expect.getState().testPath ?? '';

if (/\.integ\.test\.[cm]?[jt]s$/.test(testPath)) {
  nock.restore();
} else {
  if (!nock.isActive()) nock.activate();
  nock.disableNetConnect();
  nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.restore();
  });
}
