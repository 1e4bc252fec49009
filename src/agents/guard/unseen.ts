/**
 * Stands for what the guard cannot read: the output of a command substitution it cannot evaluate, what
 * `xargs` or a pipe feeds a command, a variable set by `read`. A delete of it is a delete of targets
 * nobody reviewed.
 */
export const UNSEEN = '<unseen>';
