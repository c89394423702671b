import { describe, expect, test } from 'vitest';
import { z } from 'zod';
import { DAYS_PER_YEAR, duration, money, parseDuration, parseMoney, parseRate, rate } from './units.js';

const value = (r: ReturnType<typeof parseDuration>) => (r.ok ? r.value : Number.NaN);

describe('parseDuration(input) → days', () => {
  test.each([
    ['18 months', 18 * 30.4375],
    ['2 years', 2 * DAYS_PER_YEAR],
    ['1.5 yr', 1.5 * DAYS_PER_YEAR],
    ['2 weeks', 14],
    ['10 d', 10],
    ['6 mo', 6 * 30.4375],
    ['30', 30],
    [30, 30],
    ['1e3 days', 1000],
    ['1,000 days', 1000],
  ] as const)('%j = %d days', (input, days) => {
    expect(value(parseDuration(input))).toBeCloseTo(days, 9);
  });
  test.each([['soon'], [''], ['3 fortnights'], ['days 3'], [true], [null], [Number.NaN], [Number.POSITIVE_INFINITY], [{}]])('rejects %j and says what it expected', (input) => {
    const r = parseDuration(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.expected).toMatch(/18 months/);
  });
});

describe('parseMoney(input) → dollars', () => {
  test.each([
    ['$40M', 40e6],
    ['$1.2B', 1.2e9],
    ['$250k', 250e3],
    ['2.5e6', 2.5e6],
    [2.5e6, 2.5e6],
    ['40 million', 40e6],
    ['US$3m', 3e6],
    ['$1,000,000', 1e6],
    ['-$5M', -5e6],
  ] as const)('%j = %d dollars', (input, dollars) => {
    expect(value(parseMoney(input))).toBeCloseTo(dollars, 3);
  });
  test.each([['$40X'], ['lots'], [''], [false], [Number.NaN]])('rejects %j', (input) => {
    expect(parseMoney(input).ok).toBe(false);
  });
});

describe('parseRate(input) → per year', () => {
  test.each([
    ['0.2 per year', 0.2],
    ['1 per month', 12],
    ['3 per decade', 0.3],
    ['2/yr', 2],
    ['0.2', 0.2],
    [0.2, 0.2],
  ] as const)('%j = %d per year', (input, perYear) => {
    expect(value(parseRate(input))).toBeCloseTo(perYear, 9);
  });
  test.each([[-1], ['-0.1 per year'], ['1 per fortnight'], ['often'], ['1 per 0 days']])('rejects %j', (input) => {
    expect(parseRate(input).ok).toBe(false);
  });
});

describe('zod unit types', () => {
  test('duration() parses to days and enforces bounds with a message naming the input', () => {
    expect(duration('x').parse('1 year')).toBeCloseTo(DAYS_PER_YEAR, 9);
    const r = duration('x').safeParse('-3 days');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/at least 0.*"-3 days"/);
  });
  test('money() and rate() reject bad text with the expected form', () => {
    expect(money('m').safeParse('forty').error?.issues[0].message).toMatch(/\$40M/);
    expect(rate('r').safeParse('often').error?.issues[0].message).toMatch(/per year/);
  });
  test('unit fields accept number or string in the input JSON Schema', () => {
    const js = z.toJSONSchema(duration('x'), { io: 'input' }) as { type: string[] };
    expect(js.type).toEqual(['number', 'string']);
  });
});
