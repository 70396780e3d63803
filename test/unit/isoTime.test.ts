import * as assert from 'assert';
import { isoMs } from '../../src/core/isoTime';

describe('isoMs', () => {
  it('agrees with Date.parse on the shapes the schemas accept', () => {
    const samples = [
      '2026-11-22T10:04:05Z', '2026-11-22T10:04:05.123Z', '2026-11-22T10:04:05.1Z', '2026-11-22T10:04:05.123456Z',
      '2026-11-22T10:04:05+02:00', '2026-11-22T10:04:05.5-05:30', '2024-02-29T23:59:59.999Z', '2000-02-29T00:00:00Z',
      '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '2100-03-01T00:00:00+14:00', '0001-01-01T00:00:00Z',
    ];
    for (const s of samples) assert.strictEqual(isoMs(s), Date.parse(s), s);
    // Every day of four years, at a few times, with and without an offset.
    for (let day = Date.UTC(2023, 0, 1); day < Date.UTC(2027, 0, 1); day += 86_400_000) {
      for (const t of [0, 3_723_456, 86_399_999]) {
        const iso = new Date(day + t).toISOString();
        assert.strictEqual(isoMs(iso), Date.parse(iso), iso);
        const shifted = iso.replace('Z', '-07:00');
        assert.strictEqual(isoMs(shifted), Date.parse(shifted), shifted);
      }
    }
  });

  it('leaves anything else to Date.parse: invalid dates stay invalid, other shapes still parse', () => {
    for (const s of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-22T24:00:00Z', '2026-11-22T10:04:05', '2026-11-22', 'not a date', '', '2026-11-22T10:04:05.Z', '2026-11-22T10:04:05+0200', '2026-11-22t10:04:05z']) {
      const expected = Date.parse(s);
      const actual = isoMs(s);
      assert.ok(Object.is(actual, expected), `${JSON.stringify(s)}: ${actual} vs ${expected}`);
    }
  });
});
