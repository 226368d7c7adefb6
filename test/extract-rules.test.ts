/** The extractor's reading rules, one by one: times, grades and levels, starts and ends, confidence. */
import { describe, expect, it } from 'vitest';
import { findTimes, formatClock } from '../src/extract/times.js';
import { formatGrades, levelsOf, readGrades } from '../src/extract/grades.js';
import { extractBellSchedules } from '../src/extract/extract.js';
import { roleOf } from '../src/extract/vocabulary.js';

const read = (text: string) =>
  findTimes(text).map((m) => [formatClock(m.start), m.end === null ? null : formatClock(m.end)]);
const extract = (text: string, level?: 'elementary' | 'middle' | 'high') =>
  extractBellSchedules(new Uint8Array(Buffer.from(text)), { hint: 'doc.txt', level });

describe('reading times', () => {
  it('reads times without a.m./p.m. as a school day', () => {
    expect(read('8:30 - 3:15')).toEqual([['8:30 AM', '3:15 PM']]);
    expect(read('Lunch 12:05-12:40')).toEqual([['12:05 PM', '12:40 PM']]);
    expect(read('6:45 - 7:40 zero period')).toEqual([['6:45 AM', '7:40 AM']]);
  });
  it('reads 7:55a, 12 noon, 3 p.m., 15:10, 8.30am and ranges sharing one meridiem', () => {
    expect(read('7:55a')).toEqual([['7:55 AM', null]]);
    expect(read('12 noon')).toEqual([['12:00 PM', null]]);
    expect(read('dismissal at noon')).toEqual([['12:00 PM', null]]);
    expect(read('3 p.m.')).toEqual([['3:00 PM', null]]);
    expect(read('15:10')).toEqual([['3:10 PM', null]]);
    expect(read('8.30am - 3.15pm')).toEqual([['8:30 AM', '3:15 PM']]);
    expect(read('11:40-12:25 p.m.')).toEqual([['11:40 AM', '12:25 PM']]);
    expect(read('7:40-2:45 p.m.')).toEqual([['7:40 AM', '2:45 PM']]);
    expect(read('between 8:35 and 9:45 a.m.')).toEqual([['8:35 AM', '9:45 AM']]);
    expect(read('Lunch 12:00 PM 12:45 PM 45 min')).toEqual([['12:00 PM', '12:45 PM']]);
  });
  it('does not read dates, grades, years, phone numbers or "afternoon" as times', () => {
    expect(read('Grades 1-5, 11/19 - 11/22/24, 2024-25, (555) 201-4400, Dismissal (Afternoon Valet)')).toEqual([]);
  });
  it('reads a night-time a.m./p.m. the other way round, and says so', () => {
    const [lunch] = findTimes('5th Grade Lunch 11:15 PM - 11:58 PM');
    expect([formatClock(lunch!.start), formatClock(lunch!.end!)]).toEqual(['11:15 AM', '11:58 AM']);
    expect([...lunch!.corrections].sort()).toEqual(['"11:15 PM" read as 11:15 AM', '"11:58 PM" read as 11:58 AM']);
  });
});

describe('reading grades and levels', () => {
  const grades = (label: string) => {
    const r = readGrades(label);
    return r ? formatGrades(r.grades) : null;
  };
  it('reads the ways schools write grades', () => {
    expect(grades('Grades 1-5')).toBe('1-5');
    expect(grades('K-6')).toBe('K-6');
    expect(grades('6th-8th')).toBe('6-8');
    expect(grades('7th & 8th Grades')).toBe('7-8');
    expect(grades('Third Grade-Sixth Grade')).toBe('3-6');
    expect(grades('TK-2nd Grade')).toBe('TK-2');
    expect(grades('Grades 1, 2, & 3')).toBe('1-3');
    expect(grades('Junior High')).toBe('7-8');
    expect(grades('Roosevelt Middle School')).toBe('6-8');
    expect(grades('K-2 Recess')).toBe('K-2');
  });
  it('does not read periods, blocks, hours or orderings as grades', () => {
    for (const label of ['Period 1-2', 'Block 5/6', '1st Hour', '2nd lunch', '1 or 2', 'first bell', '4th Period'])
      expect(grades(label)).toBeNull();
  });
  it('gives a band the levels it covers', () => {
    expect(levelsOf([0, 1, 2, 3, 4, 5, 6, 7, 8])).toEqual(['elementary', 'middle']);
    expect(levelsOf([4, 5, 6])).toEqual(['elementary']);
    expect(levelsOf([7, 8])).toEqual(['middle']);
    expect(levelsOf([6, 7, 8, 9, 10, 11, 12])).toEqual(['middle', 'high']);
    expect(levelsOf([-2])).toEqual([]);
  });
});

describe('what a timed line is', () => {
  it('never takes gates, doors, breakfast or a warning bell for the start', () => {
    expect(roleOf('Gates Open')).toBe('outside');
    expect(roleOf('Doors open for breakfast')).toBe('outside');
    expect(roleOf('Warning Bell')).toBe('warning');
    expect(roleOf('First Bell')).toBe('warning');
    expect(roleOf('Tardy Bell')).toBe('tardy');
    expect(roleOf('Instruction Begins')).toBe('start');
    expect(roleOf('Supervised Dismissal')).toBe('end');
    expect(roleOf('Lunch Recess')).toBe('lunch');
    expect(roleOf('Period 4 (lunch waves below)')).toBe('period');
  });
  it('starts at the tardy bell when nothing says school begins, not at the warning bell', async () => {
    const r = await extract(
      'Lincoln Elementary\nWarning bell 7:50 a.m.\nTardy bell 7:55 a.m.\nLunch 11:30-12:10\nDismissal 2:30 p.m.',
    );
    expect(r.answers[0]).toMatchObject({ start_time: '7:55 AM', end_time: '2:30 PM', instructional_minutes: 355 });
  });
});

describe('answers', () => {
  it('assumes 30 minutes of lunch when none is in the document, says so and lowers the confidence', async () => {
    const r = await extract('Cedar Middle School\nSchool begins at 8:00 a.m. and dismisses at 3:00 p.m.');
    expect(r.answers[0]).toMatchObject({
      level: 'middle',
      lunch_duration: 30,
      instructional_minutes: 390,
      confidence: 'low',
    });
    expect(r.answers[0]!.notes).toContain('No lunch in the document: 30 minutes assumed.');
  });
  it('is medium for start, end and lunch, high period by period', async () => {
    const medium = await extract(
      'Cedar Middle School\nSchool begins 8:00 a.m.\nLunch 11:30-12:00\nDismissal 3:00 p.m.',
    );
    expect(medium.answers[0]).toMatchObject({ confidence: 'medium', instructional_minutes: 390 });
    const high = await extract(
      'Cedar Middle School\nPeriod 1 8:00-9:00\nPeriod 2 9:05-10:05\nPeriod 3 10:10-11:10\nLunch 11:10-11:40\nPeriod 4 11:45-12:45\nPeriod 5 12:50-1:50\nPeriod 6 1:55-3:00',
    );
    expect(high.answers[0]).toMatchObject({ confidence: 'high', instructional_minutes: 390, passing_periods: 25 });
  });
  it('answers for the level asked when the document names none, and only for it', async () => {
    const text = 'School begins at 8:15 a.m.; lunch is 11:40 a.m. to 12:20 p.m.; dismissal is at 3:05 p.m.';
    expect((await extract(text)).answers.map((a) => a.level)).toEqual([null]);
    const asked = await extract(text, 'high');
    expect(asked.answers.map((a) => [a.level, a.instructional_minutes])).toEqual([['high', 370]]);
    expect(asked.answers[0]!.notes).toContain('The document names no level: answered for high as asked.');
  });
  it('says there is no schedule, never guesses', async () => {
    const none = await extract('Welcome back! Our open house is on Thursday. Call the office with questions.');
    expect(none).toMatchObject({ answers: [], problem: 'no bell schedule found' });
  });
  it('keeps the evidence: the lines each answer rests on', async () => {
    const r = await extract('Oak Elementary\nDoors open 7:45\nSchool begins 8:00\nLunch 11:30 - 12:10\nDismissal 2:40');
    expect(r.answers[0]!.evidence).toEqual([
      'Oak Elementary',
      'School begins 8:00',
      'Lunch 11:30 - 12:10',
      'Dismissal 2:40',
    ]);
  });
});
