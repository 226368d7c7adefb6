/** NCES district ids (LEAID) are 7 characters, zero-padded; inputs often drop the leading zero. */
export const DISTRICT_ID_PATTERN = /^\d{7}$/;

/** Pads a 6- or 7-digit id to the 7-digit LEAID, or returns null when it cannot be one. */
export function normalizeDistrictId(raw: string | number | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  let text = String(raw).trim();
  // Spreadsheets turn ids into numbers like "100005.0".
  if (/^\d+\.0+$/.test(text)) text = text.slice(0, text.indexOf('.'));
  if (!/^\d{1,7}$/.test(text)) return null;
  return text.padStart(7, '0');
}
