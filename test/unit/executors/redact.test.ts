import { describe, expect, it } from 'vitest';
import { createRedactor, excerpt, MASK } from '../../../src/executors/redact.js';

describe('redaction', () => {
  it('masks a secret and the forms it travels in', () => {
    const redact = createRedactor(['p@ss "word"/1']);
    const text = `raw p@ss "word"/1 url p%40ss%20%22word%22%2F1 json {"password":"p@ss \\"word\\"/1"}`;
    expect(redact(text)).toBe(`raw ${MASK} url ${MASK} json {"password":"${MASK}"}`);
  });

  it('masks the longer of two overlapping secrets whole', () => {
    const redact = createRedactor(['abc', 'abcdef']);
    expect(redact('abcdef abc')).toBe(`${MASK} ${MASK}`);
  });

  it('leaves text alone when there is no secret', () => {
    expect(createRedactor([''])('nothing to hide')).toBe('nothing to hide');
  });
});

describe('output excerpts', () => {
  it('keeps short text whole and the head and tail of long text', () => {
    expect(excerpt('short', 10)).toBe('short');
    const cut = excerpt(`HEAD${'x'.repeat(1000)}TAIL`, 20);
    expect(cut).toBe(`HEADxxxxxx\n… [988 characters omitted] …\nxxxxxxTAIL`);
  });
});
