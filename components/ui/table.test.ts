import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Table, type TableColumn } from './table';

// (React marks where text pieces meet with empty comments: left out.)
const render = (columns: TableColumn[]) => renderToStaticMarkup(Table({ columns, children: createElement('tr', null) })).replaceAll('<!-- -->', '');
const wrapperClasses = (html: string) => (html.match(/class="priority-table ([^"]*)"/)?.[1] ?? '').split(' ');

describe('Table priority columns', () => {
  it('marks each low-priority column by its position, and offers the switch that shows them all', () => {
    const html = render(['Who', { label: 'When', priority: 'low' }, 'What', { hidden: 'Actions', priority: 'low' }]);
    const hidden = wrapperClasses(html).filter((c) => c.startsWith('hide-col-'));
    expect(hidden).toEqual(['hide-col-2', 'hide-col-4']);
    expect(html).toContain('data-show-all-columns');
    expect(html).toContain('Show all 4 columns');
    // Headings keep their text (a hidden one for screen readers only).
    expect(html).toContain('>When</th>');
    expect(html).toContain('<span class="sr-only">Actions</span>');
  });

  it('has no switch when every column has priority', () => {
    const html = render(['Who', 'What', { hidden: 'Actions' }]);
    expect(wrapperClasses(html).some((c) => c.startsWith('hide-col-'))).toBe(false);
    expect(html).not.toContain('data-show-all-columns');
  });

  it('refuses more columns than the stylesheet can hide', () => {
    expect(() => render(Array.from({ length: 9 }, (_, i) => `Column ${i}`))).toThrow(/at most 8 columns/);
  });

  it('has a stylesheet rule for every position it can mark, inside the phone breakpoint', () => {
    const css = readFileSync(new URL('../../app/globals.css', import.meta.url), 'utf8');
    const block = css.slice(css.indexOf('@media (width < 40rem)'));
    expect(block).toContain('.priority-table:not(:has([data-show-all-columns]:checked))');
    for (let n = 1; n <= 8; n++) expect(block).toContain(`&.hide-col-${n} tr > :nth-child(${n})`);
  });
});
