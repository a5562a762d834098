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
