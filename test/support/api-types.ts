/** The API's types, in one import for tests that call it over HTTP. */
export type { HostStatus, ImportResult, MessagePage, SettingsResult } from '../../shared/api/contract';
export type { Envelope, MessageDetail, MessageSummary } from '../../shared/model/message';
export type { SmtpSession, SmtpSessionSummary } from '../../shared/model/session';
export type { CaptureSettings, CaptureStatus } from '../../shared/model/settings';
