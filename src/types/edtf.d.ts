// The edtf package ships no type declarations; this covers what claimline uses.
declare module 'edtf' {
  export interface Bitmask {
    value: number;
  }
  export interface EdtfDate {
    type: string;
    /** 1 year, 2 month, 3 day. */
    precision: number;
    min: number;
    max: number;
    values: number[];
    approximate: Bitmask;
    uncertain: Bitmask;
    unspecified: Bitmask;
    toEDTF(): string;
    format(locale: string, options?: Intl.DateTimeFormatOptions): string;
  }
  function edtf(input: string, options?: { types?: string[] }): EdtfDate;
  export default edtf;
}
