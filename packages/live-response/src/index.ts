export { createLiveResponse, LiveResponseAPI } from './live-response-api.js';
export type { LiveResponseInit, LiveResponseOptions, LiveResponseStats, LiveResponseCloseOptions } from './live-response-api.js';
export { LiveResponseSession } from './session/live-response-session.js';
export { MemdumpHandle } from './session/memdump-handle.js';
export type { SessionStats } from './session/session-manager.js';
export type {
  CommandResult, DirectoryEntry, ProcessEntry, RegistryValue, RegistryKeysAndValues, WalkEntry, CommandOptions,
  CreateProcessOptions, GetFileOptions, MemdumpProgress, MemdumpOptions, SetRegistryValueOptions, WalkOptions,
} from './session/session-types.js';
export type { LiveResponseAdapter, SessionInfo, AdapterRequestOptions } from './adapters/live-response-adapter.js';
export { responseAdapter } from './adapters/response-adapter.js';
export { defenseAdapter } from './adapters/defense-adapter.js';
export type { JobRunnerOptions } from './jobs/job-runner.js';
export type { WorkerPoolOptions } from './jobs/worker-pool.js';
export type { Job, JobFunction, ModuleJob, JobContext, JobHandle, JobResult, JobProgressEvent, SubmitJobOptions, RunJobsOptions } from './jobs/job-types.js';
export { LiveResponseError, TimeoutError } from '@cbapi/core';
