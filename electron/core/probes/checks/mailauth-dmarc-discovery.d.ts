/**
 * Types for the part of mailauth's DMARC code the probe uses: policy
 * discovery with the RFC 9989 DNS tree walk (mailauth ships no .d.ts for
 * lib/dmarc/get-dmarc-record.js). Only what dmarc-discovery.ts calls.
 */
declare module 'mailauth/lib/dmarc/get-dmarc-record.js' {
  /** A parsed DMARC record as mailauth returns it: tag → value, plus the record text. */
  export interface MailauthDmarcTags {
    rr: string;
    p?: string;
    sp?: string;
    np?: string;
    psd?: string;
    [tag: string]: string | number | undefined;
  }
  export type RecordLookup = (name: string) => Promise<MailauthDmarcTags | false>;
  export interface PolicyDiscovery {
    /** The record that applies, or false. */
    record: MailauthDmarcTags | false;
    /** Where it was found. */
    recordDomain: string | null;
    /** The organisational domain (tree walk); null when the walk failed after a record at the domain itself. */
    orgDomain: string | null;
    orgRecord: MailauthDmarcTags | false | null;
    error?: Error;
  }
  export function createRecordLookup(resolver: (name: string, rrtype: string) => Promise<unknown>, opts?: { strict?: boolean }): RecordLookup;
  export function discoverPolicy(domain: string, lookup: RecordLookup): Promise<PolicyDiscovery>;
}
