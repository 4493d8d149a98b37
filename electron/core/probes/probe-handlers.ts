/**
 * The probe operations of shared/api (issue 4). Placeholder until the probe
 * runner lands: every operation answers 501-style "not built yet" errors.
 */
import type { CoreHandlers } from '../../../shared/api/contract';
import type { CoreEvent } from '../../../shared/api/events';
import { CoreError } from '../errors';

export type ProbeHandlers = Pick<CoreHandlers, 'startProbe' | 'cancelProbe' | 'getProbeRun' | 'listProbeRuns' | 'compareProbeRun' | 'exportProbeRun'>;

export interface ProbeDeps {
  /** Workspace directory (the probe history lives here). */
  dataDir: string;
  /** Core event sink. */
  emit: (event: CoreEvent) => void;
}

export interface ProbeService extends ProbeHandlers {
  /** Cancel running probes and close the history. */
  close(): Promise<void>;
}

export function createProbeService(_deps: ProbeDeps): ProbeService {
  const notYet = async (): Promise<never> => {
    throw new CoreError('unavailable', 'Probes are not built yet.');
  };
  return {
    startProbe: notYet,
    cancelProbe: notYet,
    getProbeRun: notYet,
    listProbeRuns: notYet,
    compareProbeRun: notYet,
    exportProbeRun: notYet,
    async close() {},
  };
}
