export {
  type ApprovalState,
  type ApprovalView,
  approvalMessage,
  type Decision,
  type DryRunView,
  type GuardView,
} from './approval.js';
export { type CardView, cardMessage } from './card.js';
export {
  checkMessageLimits,
  LIMITS,
  type LimitSubject,
  type LimitViolation,
  type Surface,
} from './limits.js';
export {
  type ModalErrors,
  modalErrors,
  type OverrideModalInput,
  overrideModal,
  parseOverrideSteps,
  rejectModal,
  requestChangesModal,
} from './modals.js';
export {
  type DuplicateNoticeView,
  duplicateNotice,
  type ErrorNoticeView,
  errorNotice,
  type ResolutionView,
  resolutionNotice,
} from './notices.js';
export { type ProgressView, progressMessage } from './progress.js';
export { type RcaView, rcaMessage } from './rca.js';
export type { HomeView, KnownBlock, ModalView, SlackMessage } from './slack-types.js';
export { escapeMrkdwn, formatDuration, relativeAge, truncate } from './text.js';
export { type InjectScenarioView, type InjectUsageView, incidentHelp, injectUsage } from './usage.js';
