/**
 * The kinds of input a district's LCT depends on. Each is hashed on its own for every calculated district
 * (`calculation_district_inputs.<kind>_hash`), so that a changed result can be traced to what changed;
 * `lct runs diff` and `getDistrictsNeedingCalculation` report them in this order.
 */
export const INPUT_KINDS = ['enrollment', 'staffing', 'bell_schedule', 'state_requirement', 'sped'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
