export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Spreadsheet formats recognised from the first bytes, whatever the Content-Type says. */
export type Sniffed =
  | { format: 'xlsx' }
  | { format: 'csv'; encoding: TextEncoding; bomLength: number }
  | { format: 'binary' };

/**
 * Recognises the file from its first bytes: a ZIP (XLSX), a byte-order mark (Excel's "Unicode text" is
 * UTF-16LE with BOM; "CSV UTF-8" has a UTF-8 BOM), UTF-16 without BOM (NULs in every other byte), valid
 * UTF-8, or otherwise Windows-1252 (Excel's plain "CSV" on Western European Windows). Any other NUL
 * byte means a binary file that is not a spreadsheet.
 */
export function sniff(head: Buffer): Sniffed {
  if (head.length >= 4 && head.readUInt32BE(0) === 0x504b0304) return { format: 'xlsx' };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { format: 'csv', encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { format: 'csv', encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { format: 'csv', encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, Math.min(head.length, 4096));
  let oddNuls = 0;
  let evenNuls = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? oddNuls++ : evenNuls++;
  const half = sample.length / 2;
  if (oddNuls > half * 0.8 && evenNuls === 0) return { format: 'csv', encoding: 'utf-16le', bomLength: 0 };
  if (evenNuls > half * 0.8 && oddNuls === 0) return { format: 'csv', encoding: 'utf-16be', bomLength: 0 };
  if (oddNuls + evenNuls > 0) return { format: 'binary' };
  return { format: 'csv', encoding: isUtf8(head) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/** Valid UTF-8, allowing a multi-byte sequence cut off at the end of the sample. */
function isUtf8(bytes: Buffer): boolean {
  let end = bytes.length;
  // Step back over a possibly truncated trailing sequence (at most 3 continuation bytes).
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) end -= i;
    break;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}
