/** One section of `npm run bench`: a titled table plus notes (ratios measured in the same run). */
export interface BenchSection {
  title: string;
  /** Column headers. */
  columns: string[];
  rows: Array<Array<string | number>>;
  notes: string[];
}
