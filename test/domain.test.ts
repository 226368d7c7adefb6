import { describe, expect, it } from 'vitest';
import { normalizeDistrictId } from '../src/domain/ids.js';
import { isSchoolYear, normalizeSchoolYear, yearFromFileCode } from '../src/domain/years.js';
import { gradeCodeForNcesLabel, K12_GRADES, gradesInBand } from '../src/domain/grades.js';
import {
  staffCategoryForNcesLabel,
  STAFF_CATEGORIES,
  NCES_STAFF_LABELS,
  NCES_WIDE_STAFF_COLUMNS,
  ncesStaffLabel,
} from '../src/domain/staff.js';
import { normalizeMethod, validateBellSchedule } from '../src/domain/bell-schedules.js';
import { HIERARCHY_CHECKS, STAFF_SCOPES } from '../src/domain/scopes.js';

describe('district ids', () => {
  it('pads 6-digit ids and refuses what cannot be a LEAID', () => {
    expect(normalizeDistrictId('100005')).toBe('0100005');
    expect(normalizeDistrictId(100005)).toBe('0100005');
    expect(normalizeDistrictId(' 5560580 ')).toBe('5560580');
    expect(normalizeDistrictId('100005.0')).toBe('0100005');
    expect(normalizeDistrictId('12345678')).toBeNull();
    expect(normalizeDistrictId('AL-01')).toBeNull();
    expect(normalizeDistrictId('')).toBeNull();
  });
});

describe('school years', () => {
  it('accepts YYYY-YY with consecutive years, and long forms', () => {
    expect(isSchoolYear('2023-24')).toBe(true);
    expect(isSchoolYear('1999-00')).toBe(true);
    expect(isSchoolYear('2023-25')).toBe(false);
    expect(normalizeSchoolYear('2023-2024')).toBe('2023-24');
    expect(normalizeSchoolYear('2023')).toBeNull();
    expect(yearFromFileCode('2324')).toBe('2023-24');
  });
});

describe('grades and staff categories', () => {
  it('maps every NCES grade label and keeps PK, G13 and AE out of K-12', () => {
    expect(gradeCodeForNcesLabel('Kindergarten')).toBe('KG');
    expect(gradeCodeForNcesLabel('Grade 1')).toBe('G01');
    expect(gradeCodeForNcesLabel('Grade 12')).toBe('G12');
    expect(gradeCodeForNcesLabel('Grade 13')).toBe('G13');
    expect(gradeCodeForNcesLabel('Ungraded')).toBe('UG');
    expect(gradeCodeForNcesLabel('Adult Education')).toBe('AE');
    expect(gradeCodeForNcesLabel('Pre-Kindergarten')).toBe('PK');
    expect(gradeCodeForNcesLabel('Not Specified')).toBeUndefined();
    expect(K12_GRADES).toEqual([
      'KG',
      'G01',
      'G02',
      'G03',
      'G04',
      'G05',
      'G06',
      'G07',
      'G08',
      'G09',
      'G10',
      'G11',
      'G12',
      'UG',
    ]);
    expect(gradesInBand('elementary')).toEqual(['KG', 'G01', 'G02', 'G03', 'G04', 'G05']);
  });

  it('maps every NCES staff label, whatever the case and punctuation', () => {
    for (const l of NCES_STAFF_LABELS) expect(staffCategoryForNcesLabel(l.label)).toBe(l.category ?? undefined);
    expect(staffCategoryForNcesLabel('Paraprofessionals/ Instructional Aides')).toBe('paraprofessionals');
    expect(staffCategoryForNcesLabel('SCHOOL ADMINISTRATORS')).toBe('school_administrators');
    expect(staffCategoryForNcesLabel('Bus Drivers')).toBeUndefined();
    // Totals are never a category of their own; "Teachers" is kept as teachers_total by the importer.
    expect(ncesStaffLabel('Teachers')).toMatchObject({ category: null, total: true });
    expect(ncesStaffLabel('School Staff')).toMatchObject({ category: null, total: true });
  });

  it('gives every staff category a detail label in the long files and a column in the wide ones', () => {
    for (const c of STAFF_CATEGORIES.filter((c) => c.category !== 'teachers_total')) {
      expect(
        NCES_STAFF_LABELS.some((l) => l.category === c.category && !l.total),
        c.category,
      ).toBe(true);
      if (c.category !== 'psychologists')
        expect(
          NCES_WIDE_STAFF_COLUMNS.some((w) => w.category === c.category),
          c.category,
        ).toBe(true);
    }
    for (const l of NCES_STAFF_LABELS) if (l.years[1]) expect(l.years[0] <= l.years[1], l.label).toBe(true);
  });

  it('scopes never count Pre-K teachers, and nest as the hierarchy says', () => {
    for (const s of STAFF_SCOPES) expect(s.staff_categories).not.toContain('prek_teachers');
    const nested = STAFF_SCOPES.filter((s) => s.k12_nested);
    for (let i = 1; i < nested.length; i++) {
      expect(nested[i]!.staff_categories).toEqual(expect.arrayContaining([...nested[i - 1]!.staff_categories]));
    }
    expect(HIERARCHY_CHECKS).toContainEqual(['instructional_plus_support', 'all']);
  });
});

describe('bell-schedule validation', () => {
  it('maps every alias the original tools wrote', () => {
    for (const alias of ['web_scraping', 'web_scrape_tier1', 'web_scrape_tier2', 'automated', 'pdf_extraction'])
      expect(normalizeMethod(alias)).toBe('automated_enrichment');
    for (const alias of ['manual', 'manual_data_collection', 'district_policy'])
      expect(normalizeMethod(alias)).toBe('human_provided');
    for (const alias of ['state_statutory', 'fallback_statutory', 'statutory'])
      expect(normalizeMethod(alias)).toBe('statutory_fallback');
    expect(normalizeMethod('guess')).toBeUndefined();
  });

  it('normalises a valid schedule', () => {
    const result = validateBellSchedule({
      district_id: '634920',
      year: '2024-25',
      grade_level: 'Elementary',
      instructional_minutes: '400',
      method: 'web_scraping',
      confidence: 'HIGH',
      source_urls: 'https://a.example; https://b.example',
    });
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({
        district_id: '0634920',
        grade_level: 'elementary',
        instructional_minutes: 400,
        method: 'automated_enrichment',
        confidence: 'high',
        source_urls: ['https://a.example', 'https://b.example'],
        schools_sampled: [],
      }),
    });
  });

  it('names every broken field', () => {
    const result = validateBellSchedule({
      district_id: 'x1',
      year: '2020-21',
      grade_level: 'k8',
      instructional_minutes: 650,
      method: 'guess',
      confidence: 'sure',
      lunch_duration: -5,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field)).toEqual([
      'district_id',
      'year',
      'grade_level',
      'instructional_minutes',
      'lunch_duration',
      'method',
      'confidence',
    ]);
    expect(result.errors.find((e) => e.field === 'year')!.message).toContain('COVID');
    expect(result.errors.find((e) => e.field === 'instructional_minutes')!.message).toContain('outside 100-600');
  });
});
