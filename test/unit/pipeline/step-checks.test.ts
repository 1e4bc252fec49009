import { describe, expect, it } from 'vitest';
import { comparedExpression, healthProblemText } from '../../../src/pipeline/step-checks.js';

describe('comparedExpression', () => {
  it('splits a top-level comparison with a number into the expression and its bound', () => {
    expect(comparedExpression('max(cache_fill_pct{service="a"}) < 80')).toEqual({
      expression: 'max(cache_fill_pct{service="a"})',
      operator: '<',
      bound: '80',
    });
    expect(comparedExpression('sum(rate(x[5m]))>=0.5')).toEqual({
      expression: 'sum(rate(x[5m]))',
      operator: '>=',
      bound: '0.5',
    });
    expect(comparedExpression('up{job="a"} == bool 1')).toEqual({
      expression: 'up{job="a"}',
      operator: '==',
      bound: '1',
    });
  });

  it('leaves alone what is no plain value-against-a-number check', () => {
    expect(comparedExpression('up{job="a"}')).toBeUndefined();
    expect(comparedExpression('a > b')).toBeUndefined();
    expect(comparedExpression('a > b > 3')).toBeUndefined();
    expect(comparedExpression('count(up == 1) > 2')).toBeUndefined();
  });
});

describe('healthProblemText', () => {
  it('names the state, why, and the readings behind it', () => {
    expect(
      healthProblemText({
        service: 'api',
        state: 'down',
        reasons: ['up 0 ≤ 0: down'],
        unmeasured: [],
        readings: { up: 0 },
      }),
    ).toBe('api is down: up 0 ≤ 0: down (up=0)');
    expect(
      healthProblemText({
        service: 'api',
        state: 'unknown',
        reasons: [],
        unmeasured: ['no data for up on api: query max(up{service="api"}) returned nothing'],
        readings: {},
      }),
    ).toBe('api is unknown: no data for up on api: query max(up{service="api"}) returned nothing');
  });
});
