/**
 * CSV writing as the HR system's bulk export does it: RFC 4180, CRLF line ends, a field
 * quoted only when it holds a comma, a quote or a line break (remarks typed by clerks and
 * some employer names do), quotes inside doubled.
 */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}
