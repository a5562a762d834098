/** A Carbon Black product: selects the credentials file (`credentials.<product>`) and the routes. */
export type Product = 'response' | 'protection' | 'defense';

/**
 * Everything needed to reach one server: a profile of a credentials file, environment variables
 * or explicit options, after validation.
 * @public
 */
export interface Credentials {
  /** Server URL: scheme, host and port only, no trailing slash, e.g. `https://cb.example.com`. */
  url: string;
  /** API token, sent as `X-Auth-Token`. For Cb Defense `<API key>/<connector id>`. */
  token: string;
  /** Verify the server's certificate. @defaultValue true */
  sslVerify: boolean;
  /** PEM file to trust instead of the system CAs (pinning). */
  sslCertFile?: string;
  /** Check that the certificate names the host; false keeps the chain check. @defaultValue true */
  sslVerifyHostname: boolean;
  /** Refuse anything below TLS 1.2. @defaultValue false */
  sslForceTls12: boolean;
  /** Proxy URL for both http and https. */
  proxy?: string;
  /** Ignore HTTPS_PROXY/HTTP_PROXY/NO_PROXY from the environment. @defaultValue false */
  ignoreSystemProxy: boolean;
  /** The profile these came from, when they came from a file. */
  profile?: string;
  /** Where they came from, for messages: a file path, `environment`, or `options`. */
  source?: string;
}

/** A lazy source of credentials (`fromIni`, `fromEnv`, `fromStatic`, `chain`). @public */
export type CredentialProvider = () => Promise<Credentials>;

/** The credential options `connect()` takes (camelCase forms of the file options). @public */
export interface CredentialOptions {
  /** Profile name in the credentials files. @defaultValue `CBAPI_PROFILE` or `'default'` */
  profile?: string;
  url?: string;
  token?: string;
  sslVerify?: boolean;
  sslCertFile?: string;
  sslVerifyHostname?: boolean;
  sslForceTls12?: boolean;
  proxy?: string;
  ignoreSystemProxy?: boolean;
  /** Replace the whole lookup with this provider. */
  credentials?: CredentialProvider | Credentials;
  /** Replace the credentials file search path (default: /etc, ~, ./ `.carbonblack/credentials.<product>`). */
  credentialFiles?: string[];
}
