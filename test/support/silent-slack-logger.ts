import { type Logger, LogLevel } from '@slack/web-api';

/** A Slack SDK logger that says nothing: the emulator's refusals are the point of these tests. */
export const silentSlackLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};
