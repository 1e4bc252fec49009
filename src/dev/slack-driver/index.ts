export { createSlackDriver } from './driver.js';
export type {
  BlockActionInput,
  DriverResponse,
  EventInput,
  SendOptions,
  SlackDriver,
  SlackDriverOptions,
  SlashCommandInput,
  SubmittedView,
  UserMessageEventInput,
  ViewSubmissionInput,
} from './driver-types.js';
export { findAction, slackTs } from './payloads.js';
export { type SignedHeadersOptions, signedHeaders, signSlackRequest } from './signing.js';
