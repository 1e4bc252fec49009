export {
  DEFAULT_IDENTITY,
  SlackEmulator,
  type SlackEmulatorOptions,
  startSlackEmulator,
  type UserMessageInput,
} from './emulator.js';
export type { FaultKind } from './faults.js';
export type { EmulatorIdentity } from './store.js';
export type * from './types.js';
export { type BlockSurface, validateBlocks } from './validate-blocks.js';
export { type ViewType, validateView } from './validate-view.js';
