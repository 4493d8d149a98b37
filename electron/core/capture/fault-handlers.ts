/**
 * The fault-injection operations of shared/api (issue 5). Placeholder until
 * fault rules land in the capture server.
 */
import type { CoreHandlers } from '../../../shared/api/contract';
import { CoreError } from '../errors';

export type FaultHandlers = Pick<CoreHandlers, 'getFaults' | 'setFaults' | 'resetFaultCounters'>;

export function createFaultHandlers(): FaultHandlers {
  const notYet = async (): Promise<never> => {
    throw new CoreError('unavailable', 'Fault injection is not built yet.');
  };
  return { getFaults: notYet, setFaults: notYet, resetFaultCounters: notYet };
}
