// No test reaches the network: nock intercepts everything but loopback, where the
// in-process simulator and local test servers listen.
//
// Jest runs many test files in one worker and `node:http` is shared between them, while each file
// gets its own copy of nock: so each file activates its nock here and restores `node:http` when it
// ends, or the previous file's interceptor (which knows none of this file's mocks) would answer.
import nock from 'nock';
import { afterAll, afterEach } from '@jest/globals';

if (!nock.isActive()) nock.activate();
nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));

afterEach(() => {
  nock.cleanAll();
});

afterAll(() => {
  nock.restore();
});
