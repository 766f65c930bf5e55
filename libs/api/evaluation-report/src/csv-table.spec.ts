import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv-table';

describe('toCsv', () => {
  it('starts with a byte-order mark and ends every line with CRLF, so Excel opens Japanese text as UTF-8', () => {
    const csv = toCsv({ columns: [{ key: 'model', label: 'モデル' }, { key: 'votes', label: '投票数' }], rows: [['国産モデル', 12]] });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toBe('\uFEFFモデル,投票数\r\n国産モデル,12\r\n');
  });

  it('quotes commas, quotes and line breaks as RFC 4180 says', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded ')).toBe('" padded "');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1')).toBe("'\t=1");
  });

  it('writes numbers as numbers (a negative coefficient stays a number) and empty cells for no value', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });
});
