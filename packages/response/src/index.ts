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
