/**
 * A lookup started now and awaited later, after other awaits.
 *
 * Checks start work early so it runs alongside theirs (BIMI asks the DMARC
 * record while it reads its own; the blocklist check asks the domain lists
 * while the MX addresses resolve). If the run is cancelled in between, the
 * await the module is parked on rejects first and the module never reaches
 * the later await — so the early job's own rejection would have no handler,
 * and Node ends the process on an unhandled rejection. A handler attached at
 * creation marks the promise handled; the promise itself is returned
 * unchanged, so whoever does await it later still sees its rejection.
 */
export function startEarly<T>(job: Promise<T>): Promise<T> {
  job.catch(() => undefined);
  return job;
}
