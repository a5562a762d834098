import 'reflect-metadata';
export { VERSION } from './version.js';
export * from './errors/index.js';
export type { Product, Credentials, CredentialProvider, CredentialOptions } from './credentials/types.js';
export type {
  HttpMethod, SearchParamValue, SearchParams, Logger, RequestOptions, TransportResponse, TransportHooks,
  TransportOptions, TransportStats, Transport,
} from './transport/types.js';
