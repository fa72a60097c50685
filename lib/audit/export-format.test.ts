import { describe, expect, it } from 'vitest';
import { auditCsvLine, auditJsonLine, csvCell, csvHeader, exportFilename, isAuditExportFormat } from './export-format';

const row = {
  id: 7,
  createdAt: new Date('2025-03-04T05:06:07.089Z'),
  type: 'auth.sign_in',
  outcome: 'failure',
  actorName: 'anna',
  targetType: 'user',
  targetName: 'anna',
  ip: '198.51.100.7',
  userAgent: 'Mozilla/5.0 (X11, "quoted")',
  data: '{"method":"password","note":"a,b"}',
};

describe('csvCell', () => {
  it('leaves plain values alone', () => {
    expect(csvCell('anna')).toBe('anna');
    expect(csvCell(42)).toBe('42');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });
  it('quotes commas, quotes and newlines, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '=HYPERLINK("http://x")', '\t=1', '\r=1'])('defuses the formula %j', (value) => {
    const cell = csvCell(value);
    const unquoted = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
    expect(unquoted.startsWith("'")).toBe(true);
    expect(unquoted.slice(1)).toBe(value);
  });
  it('does not prefix negative numbers given as numbers', () => {
    expect(csvCell(-3)).toBe('-3');
  });
  it('prefixes a formula containing a comma and quotes it', () => {
    expect(csvCell('=cmd|"/c calc",x')).toBe('"\'=cmd|""/c calc"",x"');
  });
});

describe('CSV lines', () => {
  it('has a header row with every column', () => {
    expect(csvHeader()).toBe('id,createdAt,type,outcome,actorName,targetType,targetName,ip,userAgent,data\r\n');
  });
  it('writes one event as one CRLF-terminated record', () => {
    expect(auditCsvLine(row)).toBe(
      '7,2025-03-04T05:06:07.089Z,auth.sign_in,failure,anna,user,anna,198.51.100.7,"Mozilla/5.0 (X11, ""quoted"")","{""method"":""password"",""note"":""a,b""}"\r\n',
    );
  });
  it('defuses a formula in a user-controlled field', () => {
    expect(auditCsvLine({ ...row, targetName: '=IMPORTXML("x")', userAgent: null, data: null })).toContain(`,"'=IMPORTXML(""x"")",`);
  });
});

describe('JSON lines', () => {
  it('writes one JSON object per line with data as an object', () => {
    const line = auditJsonLine(row);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ ...row, createdAt: '2025-03-04T05:06:07.089Z', data: { method: 'password', note: 'a,b' } });
  });
  it('keeps newlines inside values escaped', () => {
    const line = auditJsonLine({ ...row, userAgent: 'a\nb', data: null });
    expect(line.split('\n')).toHaveLength(2);
    expect(JSON.parse(line).userAgent).toBe('a\nb');
    expect(JSON.parse(line).data).toBeNull();
  });
  it('gives null data for unparseable stored data', () => {
    expect(JSON.parse(auditJsonLine({ ...row, data: '{oops' })).data).toBeNull();
  });
});

describe('format and filename', () => {
  it('accepts csv and jsonl only', () => {
    expect(isAuditExportFormat('csv')).toBe(true);
    expect(isAuditExportFormat('jsonl')).toBe(true);
    expect(isAuditExportFormat('xlsx')).toBe(false);
    expect(isAuditExportFormat(undefined)).toBe(false);
  });
  it('names the file after the time and format', () => {
    expect(exportFilename('csv', new Date('2025-03-04T05:06:07Z'))).toBe('gatehouse-audit-20250304-050607.csv');
    expect(exportFilename('jsonl', new Date('2025-03-04T05:06:07Z'))).toBe('gatehouse-audit-20250304-050607.jsonl');
  });
});
