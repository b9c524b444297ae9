import { formatAgo, formatDuration, revisionHeadline, shortRevision, table, truncate } from '../../src/cli/private/format';

describe('formatting', () => {
  test.each([
    [0, '0s'], [59_400, '59s'], [65_000, '1m 05s'], [3_600_000, '1h 00m'], [7_530_000, '2h 05m'], [47 * 3_600_000, '47h 00m'], [50 * 3_600_000, '2d 2h'], [-5, '0s'],
  ])('duration %d ms is %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  test.each([
    [undefined, '-'], ['2026-11-25T11:59:55Z', 'just now'], ['2026-11-25T11:59:30Z', '30s ago'], ['2026-11-25T11:15:00Z', '45m ago'],
    ['2026-11-24T00:00:00Z', '36h ago'], ['2026-11-15T12:00:00Z', '10d ago'],
  ])('%s is %s', (when, text) => {
    expect(formatAgo(when ? new Date(when) : undefined, new Date('2026-11-25T12:00:00Z'))).toBe(text);
  });

  test.each([
    [undefined, ''],
    ['9f2c1e0b7a6d5c4b3a29180716f5e4d3c2b1a090', '9f2c1e0'],
    [`sha256:${'ab'.repeat(32)}`, 'sha256:abababababab'],
    ['3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY', '3sL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY'],
    ['builds/release/2026/11/checkout-service-1.4.2-linux-arm64.zip', 'builds/release/2026/11/checkout-service…'],
  ])('revision %s is shown as %s', (revision, text) => {
    expect(shortRevision(revision)).toBe(text);
  });

  test.each([
    [undefined, undefined],
    ['Fix the build\n\nDetails', 'Fix the build'],
    ['{"ProviderType":"GitHub","CommitMessage":"Bump deps\\nmore"}', 'Bump deps'],
    ['{not json', '{not json'],
    ['{"ProviderType":"GitHub"}', '{"ProviderType":"GitHub"}'],
    ['   ', undefined],
  ])('revision summary %j has headline %j', (summary, headline) => {
    expect(revisionHeadline(summary)).toBe(headline);
  });

  test('table aligns columns ignoring colour codes and passes lines through', () => {
    expect(table([['a', '\u001b[31mbb\u001b[39m', 'c'], { line: '  note' }, ['ccc', 'd', '']])).toBe(
      'a    \u001b[31mbb\u001b[39m  c\n  note\nccc  d',
    );
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});
