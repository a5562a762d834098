// Part 1: API, Process, Binary, Response queries, events, UI links
export { CbResponseAPI, type CbResponseApiOptions, type UiObject } from './cb-response-api.js';
export { ServerVersion, type ResponseServerContext } from './cb-response-server-version.js';
export { Process, MAX_PROCESS_WALK_DEPTH, type ProcessSummary, type ProcessWalkOptions, type ProcessWalkCallback } from './models/process.js';
export { decodeProcessGuid, parseProcessId, type ProcessGuidInfo, type ProcessIdParts } from './models/process-id.js';
export { Binary, type BinaryFrequency, type BinarySigningData, type BinaryVersionInfo, type BinaryVirusTotal, type BinaryFileOptions } from './models/binary.js';
export { createZipEntryStream } from './models/binary-file-stream.js';
export { ResponseQuery, parseFacets, type FacetTerm, type FacetResult, type ResponseQueryOptions } from './queries/response-query.js';
export { ProcessQuery, type ProcessTimeFilter } from './queries/process-query.js';
export { BinaryQuery } from './queries/binary-query.js';
export type {
  EventKind, EventApiVersion, ProcessEvent, ProcessEventBase, FileModEvent, RegModEvent, ModLoadEvent, NetConnEvent, ChildProcEvent,
  CrossProcEvent, MalformedEvent, MalformedEventHandler, EventStreamOptions,
} from './events/process-event.js';
export type { FileModAction, RegModAction, FileModFileType } from './events/event-codes.js';
export { parseEvent, parseEventList, type EventParseContext, type EventParseResult } from './events/parse-events.js';
export { parseUiUrl, type UiTarget } from './ui/parse-ui-url.js';
export {
  ApiError, CredentialError, ServerError, UnauthorizedError, RateLimitError, ObjectNotFoundError, TimeoutError, MoreThanOneResultError,
  InvalidObjectError, InvalidQueryError, InvalidHashError, WaiterError, LiveResponseError,
} from '@cbapi/core';
// Part 2: every other model, their queries and the isolation waiter
export { Sensor, type SensorIsolationOptions, type SensorLrSessionOptions } from './models/sensor.js';
export type { NetworkInterface } from './models/sensor-network-interfaces.js';
export { SensorQuery, SENSOR_QUERY_FIELDS, type SensorQueryField } from './queries/sensor-query.js';
export { SensorGroup } from './models/sensor-group.js';
export { Site } from './models/site.js';
export { ThrottleRule } from './models/throttle-rule.js';
export { Watchlist, type WatchlistIndexType } from './models/watchlist.js';
export { WatchlistAction } from './models/watchlist-action.js';
export { WatchlistActionQuery } from './queries/watchlist-action-query.js';
export type { ActionTypeName } from './models/action-type.js';
export { Feed, type FeedScoreRange, type FeedSynchronizeOptions } from './models/feed.js';
export { FeedAction } from './models/feed-action.js';
export { FeedActionQuery } from './queries/feed-action-query.js';
export { ThreatReport } from './models/threat-report.js';
export { ThreatReportQuery } from './queries/threat-report-query.js';
export { Alert } from './models/alert.js';
export { AlertQuery, ALERT_BLOCK_SIZE, ALERT_STATUSES, type AlertStatus } from './queries/alert-query.js';
export { BannedHash } from './models/banned-hash.js';
export { BannedHashQuery, BANNED_HASH_LIST_COUNT } from './queries/banned-hash-query.js';
export { User, type UserTeamRef } from './models/user.js';
export { Team, type TeamGroupAccess } from './models/team.js';
export { TeamQuery } from './queries/team-query.js';
export { StoragePartition, type StoragePartitionInfo } from './models/storage-partition.js';
export { StoragePartitionQuery } from './queries/storage-partition-query.js';
export { IngressFilter } from './models/ingress-filter.js';
export { waitUntilSensorIsolated, type IsolationTarget, type WaitUntilSensorIsolatedOptions } from './waiters/wait-until-sensor-isolated.js';
