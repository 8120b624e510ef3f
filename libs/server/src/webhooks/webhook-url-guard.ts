import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { DomainError } from '@remote-ocr/contracts';
import ipaddr from 'ipaddr.js';

/**
 * SSRF rules for webhook targets (docs/webhooks.md): a webhook may only reach a public unicast
 * address unless the deployment allows private ones (`WEBHOOK_ALLOW_PRIVATE=true`). The same rule
 * runs twice — when a URL is accepted, and inside the HTTP agent's `lookup` when each delivery
 * connects — so a name that resolved to a public address at intake and to 127.0.0.1 later (DNS
 * rebinding) is still refused. Address ranges come from ipaddr.js (loopback, private, link-local
 * incl. 169.254.169.254, unique-local, CGNAT, reserved, IPv4-mapped IPv6 …).
 */

export interface UrlGuardOptions {
  allowPrivate: boolean;
}

const MAX_URL_LENGTH = 2048;

/** True when `ip` is a public unicast address (IPv4-mapped IPv6 judged as its IPv4). */
export function isPublicAddress(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  return ipaddr.process(ip).range() === 'unicast';
}

function refused(field: string, why: string): DomainError {
  return new DomainError('validation_failed', `${field} refused: ${why}`);
}

/** Parses a webhook URL: http(s) only, no credentials, a host, bounded length. */
export function parseWebhookUrl(raw: string, field = 'callback_url'): URL {
  if (raw.length > MAX_URL_LENGTH) throw refused(field, `longer than ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refused(field, 'not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw refused(field, 'only http and https URLs are allowed');
  }
  if (url.username || url.password) throw refused(field, 'credentials in the URL are not allowed');
  if (!url.hostname) throw refused(field, 'no host');
  return url;
}

/** The URL's host without IPv6 brackets. */
export function urlHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    );
  });
}

/**
 * Checks a webhook URL at intake: every address its host resolves to must be public (unless
 * private targets are allowed). Throws a `validation_failed` DomainError (→ 400) naming why.
 */
export async function assertWebhookUrl(
  raw: string,
  options: UrlGuardOptions,
  field = 'callback_url',
): Promise<URL> {
  const url = parseWebhookUrl(raw, field);
  if (options.allowPrivate) return url;
  const host = urlHost(url);
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await resolveAll(host)).map((entry) => entry.address);
    } catch {
      throw refused(field, `host ${host} does not resolve`);
    }
  }
  const blocked = addresses.find((address) => !isPublicAddress(address));
  if (blocked !== undefined) {
    throw refused(field, `${host} resolves to a private, loopback or link-local address`);
  }
  return url;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `dns.lookup` replacement for the delivery agent: resolves as usual, then fails the connection
 * when any address is not public. Node skips `lookup` for IP literals, so the sender also checks
 * literal hosts with {@link assertWebhookUrl} before connecting.
 */
export function guardedLookup(options: UrlGuardOptions) {
  return (host: string, lookupOptions: { all?: boolean }, callback: LookupCallback): void => {
    dnsLookup(host, { all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      if (!options.allowPrivate && addresses.some((entry) => !isPublicAddress(entry.address))) {
        const blocked: NodeJS.ErrnoException = new Error(
          `webhook target ${host} resolves to a non-public address`,
        );
        blocked.code = 'EWEBHOOKBLOCKED';
        return callback(blocked, []);
      }
      if (lookupOptions.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${host}`), []);
      callback(null, first.address, first.family);
    });
  };
}
