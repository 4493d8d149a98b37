/** The whole renderer state: one zustand store composed from slices (zustand's slices pattern). */
import type { FaultsSlice } from './faults-slice';
import type { ImportSlice } from './import-slice';
import type { ListSlice } from './list-slice';
import type { MessageSlice } from './message-slice';
import type { SelectionSlice } from './selection-slice';
import type { SendSlice } from './send-slice';
import type { ProbeSlice } from './probe-slice';
import type { StatusSlice } from './status-slice';
import type { UiSlice } from './ui-slice';

export type AppState = ListSlice & SelectionSlice & MessageSlice & StatusSlice & UiSlice & ImportSlice & SendSlice & ProbeSlice & FaultsSlice;
