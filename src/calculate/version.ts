/**
 * The version of the calculation rules, part of every district's input hash: bump it when the rules
 * change, so that an incremental run recalculates every district instead of keeping results computed
 * under the old rules. 2: a bell schedule serves only the years within 3 of its own (the nearest wins).
 */
export const CALCULATION_RULES_VERSION = 2;
