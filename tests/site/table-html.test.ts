import { describe, expect, it } from 'vitest';
import { emptyHeadingsToCells, tableLabel } from '../../src/components/site/table-html.ts';

describe('scrolling table region names', () => {
  it('lists the column headings, without markup', () => {
    const html =
      '<thead><tr><th>Prompt</th><th align="left">What <em>it</em> is</th><th><code>sc</code> &amp; <code>devcon</code></th></tr></thead><tbody><tr><td>x</td></tr></tbody>';
    expect(tableLabel(html)).toBe('Table: Prompt, What it is, sc & devcon (from x)');
  });
  it('two tables with the same headings get different names from their first cell', () => {
    const a = tableLabel('<tr><th>Field</th></tr><tr><td>RSI</td></tr>');
    const b = tableLabel('<tr><th>Field</th></tr><tr><td>RAX</td></tr>');
    expect(a).not.toBe(b);
  });
  it('leaves out empty headings and decodes numeric entities', () => {
    expect(tableLabel('<tr><th></th><th>Offset&#x20;(hex)</th><th>&#8212;</th></tr>')).toBe('Table: Offset (hex), —');
  });
  it('falls back to a plain name for a table without headings', () => {
    expect(tableLabel('<tbody><tr><td>a</td></tr></tbody>')).toBe('Table (from a)');
  });
});

describe('empty heading cells', () => {
  it('become plain cells, keeping their attributes; headings with text stay', () => {
    expect(emptyHeadingsToCells('<tr><th style="text-align:left"> </th><th>Legacy-style</th></tr>')).toBe(
      '<tr><td style="text-align:left"></td><th>Legacy-style</th></tr>',
    );
    expect(emptyHeadingsToCells('<tr><th><code>x</code></th></tr>')).toBe('<tr><th><code>x</code></th></tr>');
  });
});
