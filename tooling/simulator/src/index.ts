export { startSimulator } from './start-simulator.js';
export type { Simulator, SimulatorOptions, SimulatorTokens } from './simulator-options.js';
export type { FaultOptions, FaultInjector } from './server/fault-injector.js';
export type { LoggedRequest, RequestLog } from './server/request-log.js';
export { SimWorld, DEFAULT_SERVER_VERSION, DEFAULT_START_TIME_MS } from './state.js';
export type { WorldOptions, OsKind, SensorDoc, SimProcess, SimSensor } from './state.js';
export type { LiveResponseOptions, LiveResponseStats } from './live-response/index.js';
export { Router, SimHttpError } from './server/router.js';
export type { SimHandler, SimProduct, SimRequest, SimResponse } from './server/router.js';
