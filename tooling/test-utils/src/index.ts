export { cbNock, FAKE_TOKEN, FAKE_URL } from './cb-nock.js';
export { fakeCredentials, type FakeCredentials } from './fake-credentials.js';
export { loadFixture } from './load-fixture.js';
export { describeModel, type ModelFixtures, type DescribeModelOptions } from './describe-model.js';
