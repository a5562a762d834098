export { registerLiveResponseRoutes, type LiveResponseService } from './register-live-response-routes.js';
export { HRESULT, type HresultName } from './hresult.js';
export type {
  LiveResponseOptions,
  LiveResponseStats,
  SessionStatus,
  CommandStatus,
} from './types.js';
