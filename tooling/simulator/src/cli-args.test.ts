import { describe, expect, it } from '@jest/globals';
import { CliUsageError, banner, parseCliArgs } from './cli-args.js';

describe('parseCliArgs', () => {
  it('has defaults for a 50-sensor estate over TLS', () => {
    expect(parseCliArgs([])).toEqual({ sensors: 50, offlineSensors: 5 });
  });

  it('reads every flag, spaced or with =', () => {
    expect(parseCliArgs(['--port', '8443', '--seed=7', '--sensors', '20', '--offline=2', '--tls', 'false', '--server-version', '5.2.0.161004.1206', '--latency-ms', '5'])).toEqual({
      port: 8443,
      seed: 7,
      sensors: 20,
      offlineSensors: 2,
      tls: false,
      serverVersion: '5.2.0.161004.1206',
      latencyMs: 5,
    });
    expect(parseCliArgs(['--no-tls']).tls).toBe(false);
    expect(parseCliArgs(['--sensors', '5'])).toEqual({ sensors: 5, offlineSensors: 0 });
    expect(parseCliArgs(['--sensors', '3', '--offline', '9'])).toEqual({ sensors: 3, offlineSensors: 3 });
    expect(parseCliArgs(['--tls', '--seed', 'abc'])).toMatchObject({ tls: true, seed: 'abc' });
  });

  it.each([
    [['--port', '70000'], /--port needs an integer between 0 and 65535/],
    [['--sensors', 'many'], /--sensors needs an integer/],
    [['--tls', 'maybe'], /--tls needs true or false/],
    [['--bogus'], /unknown flag "--bogus"/],
    [['--server-version', 'latest'], /--server-version needs a version/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe('banner', () => {
  it('prints a ready credentials file and where the PEM is', () => {
    const text = banner('https://127.0.0.1:8443', { response: 'r', protection: 'p', defense: 'd/c' }, true, '/tmp/x.pem');
    expect(text).toContain('[default]\nurl=https://127.0.0.1:8443\ntoken=r\nssl_verify=True\nssl_cert_file=/tmp/x.pem');
    expect(text).toContain('saved to /tmp/x.pem');
    expect(banner('http://127.0.0.1:1', { response: 'r', protection: 'p', defense: 'd' }, false, undefined)).toContain('ssl_verify=False');
  });
});
