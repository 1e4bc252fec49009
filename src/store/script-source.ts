/**
 * A Lua script of the store: its source and how many of its arguments are keys. 'counted': the
 * caller passes the key count first (a script over as many keys as a call brings).
 */
export interface ScriptSource {
  keys: number | 'counted';
  lua: string;
}
