import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { textDecoder } from '../../api/src/directory/spreadsheet/decode.js';

/** `text` encoded as `encoding`, decoded in two pieces cut after `cutAfter`: the text and the encoding read. */
function decodedInTwo(text: string, encoding: string, cutAfter: string) {
  const bytes = iconv.encode(text, encoding);
  const cut = text.indexOf(cutAfter) + cutAfter.length; // single-byte encodings: a character a byte
  const decoder = textDecoder('utf-8', 0);
  const read = decoder.write(bytes.subarray(0, cut)) + decoder.write(bytes.subarray(cut)) + decoder.end();
  return { read, encoding: decoder.encoding };
}

describe('CSV text decoding across the pieces an upload arrives in', () => {
  // An upload arrives in pieces cut anywhere. The end of a piece is no end of a word: a letter that ends
  // a Central European word (Polish ń ś, the ending -ić) is one only where the next byte says so.
  it('reads a Western file as Windows-1252 when a piece ends right after ñ, œ or æ', () => {
    for (const [text, cutAfter] of [
      ['w@example.org,Iñigo,Muñoz\r\n', 'Muñ'],
      ['w@example.org,Cœur,Lefèvre\r\n', 'Cœ'],
      ['w@example.org,Mette,Kiær\r\n', 'Kiæ'],
    ] as const) {
      expect(decodedInTwo(text, 'win1252', cutAfter), cutAfter).toEqual({
        read: text,
        encoding: 'windows-1252',
      });
    }
  });

  it('still reads those letters as Central European where the next byte ends the word', () => {
    const text = 'p@example.org,Piotr,Zieliński,Stępień\r\n';
    expect(decodedInTwo(text, 'win1250', 'Stępień')).toEqual({ read: text, encoding: 'windows-1250' });
  });
});
