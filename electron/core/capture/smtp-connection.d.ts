/**
 * smtp-server's connection class, as greeting-delay.ts reaches it
 * (`smtp-server/lib/smtp-connection.js` is in the package's exports map, but
 * @types/smtp-server does not describe that path). Only what is used.
 */
declare module 'smtp-server/lib/smtp-connection.js' {
  export const SMTPConnection: { prototype: object } | undefined;
}
