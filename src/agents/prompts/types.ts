/** One stage's request to a model: the system instruction and the user turn. */
export interface StagePrompt {
  system: string;
  user: string;
}
