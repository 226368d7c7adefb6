/**
 * The files check themselves: per district, the detail rows lct read must add up to the totals the file
 * carries (the Education Unit Total, the by-grade subtotals, NCES's derived Teachers and counselor
 * totals). A district where they do not is reported with the difference and the labels involved, so an
 * unknown label or layout never passes unnoticed. Nothing is refused for it: NCES's own data is what it is.
 */

export interface SelfCheckDifference {
  nces_id: string;
  /** What was compared: "Education Unit Total", "grade KG", "Teachers", … */
  total: string;
  /** The line of the total's row (long files) or of the district's row (wide files). */
  line: number;
  file_total: number;
  detail_sum: number;
  difference: number;
  /** The detail labels (or columns) summed, and any the mapping does not know. */
  labels: string[];
  /** Detail rows with a blank count: a difference may be theirs. */
  unreported_details: number;
}

export interface SelfCheck {
  /** Districts with at least one total to compare. */
  districts_checked: number;
  districts_agreeing: number;
  /** Districts whose file has no total to compare with (or only blank ones). */
  districts_without_total: number;
  differences: SelfCheckDifference[];
}

export function emptySelfCheck(): SelfCheck {
  return { districts_checked: 0, districts_agreeing: 0, districts_without_total: 0, differences: [] };
}

/** Rounds away the binary noise of adding decimal FTE values. */
export const round2 = (n: number) => Math.round(n * 100) / 100;

/** Collects the comparisons of one district, then settles whether it agrees. */
export class DistrictCheck {
  private readonly found: SelfCheckDifference[] = [];
  private compared = 0;

  constructor(readonly nces_id: string) {}

  compare(
    total: string,
    line: number,
    fileTotal: number | null,
    detailSum: number,
    labels: Iterable<string>,
    unreported: number,
    tolerance: number,
  ): void {
    if (fileTotal === null) return;
    this.compared++;
    const difference = round2(detailSum - fileTotal);
    if (Math.abs(detailSum - fileTotal) <= tolerance + 1e-9) return;
    this.found.push({
      nces_id: this.nces_id,
      total,
      line,
      file_total: round2(fileTotal),
      detail_sum: round2(detailSum),
      difference,
      labels: [...new Set(labels)].sort(),
      unreported_details: unreported,
    });
  }

  settle(into: SelfCheck): void {
    if (this.compared === 0) {
      into.districts_without_total++;
      return;
    }
    into.districts_checked++;
    if (this.found.length === 0) into.districts_agreeing++;
    else into.differences.push(...this.found);
  }
}
