import { expect } from '@open-wc/testing';
import { luminance, tenantTheme } from './theme.ts';

const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

describe('tenant theme', () => {
  const colours = [
    '#6d28d9',
    '#1d4ed8',
    '#facc15',
    '#22c55e',
    '#ef4444',
    '#0f766e',
    '#f472b6',
    '#000000',
    '#ffffff',
    '#767676',
    '#777777',
  ];
  for (const colour of colours) {
    it(`text on ${colour} takes the more readable of white and near black`, () => {
      const on = tenantTheme(colour)['--_tenant-on-primary'] === '#fff' ? '#ffffff' : '#111827';
      const other = on === '#ffffff' ? '#111827' : '#ffffff';
      expect(contrast(colour, on)).to.be.at.least(contrast(colour, other) - 0.2);
    });
  }

  it('ignores anything that is not #RRGGBB', () => {
    expect(tenantTheme('red; background: url(x)')).to.deep.equal({});
    expect(tenantTheme(null)).to.deep.equal({});
  });
});
