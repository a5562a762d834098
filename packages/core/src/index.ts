import 'reflect-metadata';
export { VERSION } from './version.js';
export * from './errors/index.js';
export type { Product, Credentials, CredentialProvider, CredentialOptions } from './credentials/types.js';
export type {
  HttpMethod, SearchParamValue, SearchParams, Logger, RequestOptions, TransportResponse, TransportHooks,
  TransportOptions, TransportStats, Transport,
} from './transport/types.js';
export { fromIni, type FromIniOptions } from './credentials/from-ini.js';
export { fromEnv, type FromEnvOptions } from './credentials/from-env.js';
export { fromStatic, type StaticCredentialValues } from './credentials/from-static.js';
export { chain } from './credentials/chain.js';
export { resolveCredentials } from './credentials/resolve-credentials.js';
export { writeCredentialsFile, type WriteCredentialsFileOptions } from './credentials/write-credentials-file.js';
export type { CredentialFileOption } from './credentials/profile-values.js';
export { createTransport } from './transport/create-transport.js';
export { createObjectCache, type CacheStore, type ObjectCache, type ObjectCacheOptions, type ObjectCacheStats, type CacheLoadOptions } from './cache/create-object-cache.js';
export { BaseModel, type SaveKind } from './model/base-model.js';
export { hydrate } from './model/hydrate.js';
export { Type, Transform, Expose, type ExposeOptions, type TransformFnParams, type TransformOptions, type TypeHelpOptions, type TypeOptions } from './model/decorators.js';
export { toDate, toBoolean } from './model/wire-values.js';
export type { JsonObject, ModelId, ModelClass, ModelRequest, ModelRequestOptions, HydrateOptions } from './model/types.js';
export { Query, type QueryState, type QueryRunOptions } from './query/query.js';
export { PaginatedQuery, type PaginatedQueryOptions } from './query/paginated-query.js';
export { SimpleQuery, type SimpleQueryOptions } from './query/simple-query.js';
export {
  startRowsPagination, offsetLimitPagination, type PaginationStrategy, type Page, type StartRowsPaginationOptions,
  type OffsetLimitPaginationOptions,
} from './query/pagination-strategy.js';
export { createWaiter } from './waiters/create-waiter.js';
export type { WaiterOptions, WaiterCheck, WaiterCheckResult } from './waiters/waiter-types.js';
export { BaseApi, type QueryFor, type SelectOptions } from './client/base-api.js';
export type { ApiOptions, ApiInit } from './client/api-options.js';
export { prepareApi } from './client/prepare-api.js';
