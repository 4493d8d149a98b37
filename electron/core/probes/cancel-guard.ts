/**
 * A cancelled probe must not take the host down. Check modules start lookups
 * side by side (the DMARC record alongside BIMI's, blocklist questions while
 * the MX resolve); when a run is cancelled, a lookup the module never came
 * back to rejects with the run's abort reason and nothing handles it — and
 * Node ends the process on an unhandled rejection. A rejection carrying the
 * abort reason of a cancelled run is the run ending, not a fault: it is
 * ignored. Anything else is rethrown, so Node's default (crash with the
 * error) is unchanged for every other unhandled rejection.
 *
 * Tests still see such strays (vitest reports unhandled rejections through its
 * own listener), so a module that leaves one behind is found there.
 */

const cancellations = new WeakSet<object>();
let installed = false;

function onUnhandledRejection(reason: unknown): void {
  if (typeof reason === 'object' && reason !== null && cancellations.has(reason)) return;
  throw reason;
}

/** Treat rejections with `signal`'s abort reason as the run's cancellation (see the file comment). */
export function guardCancellation(signal: AbortSignal): void {
  const remember = (): void => {
    const reason: unknown = signal.reason;
    if (typeof reason === 'object' && reason !== null) cancellations.add(reason);
  };
  if (signal.aborted) remember();
  else signal.addEventListener('abort', remember, { once: true });
  if (!installed) {
    installed = true;
    process.on('unhandledRejection', onUnhandledRejection);
  }
}
