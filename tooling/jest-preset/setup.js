// No test reaches the network: nock intercepts everything but loopback, where the
// in-process simulator and local test servers listen.
import nock from 'nock';
import { afterEach } from '@jest/globals';

nock.disableNetConnect();
nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));

afterEach(() => {
  nock.cleanAll();
});
