import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenarioJsonSchema } from '../../scenario/index.js';
import { modelParameterBlock, parameterRows, PARAMS_END, PARAMS_START } from './param-table.js';

describe('parameterRows(schema, prefix)', () => {
  const schema = {
    type: 'object',
    properties: {
      a: { type: 'number', default: 2, description: 'Rate. Source: calibration.md §3 "Inspections".' },
      b: { type: 'object', description: 'Group. Assumption.', properties: { c: { type: 'number', default: 1 } } },
      m: { type: 'object', additionalProperties: { type: 'object', properties: { d: { type: 'boolean', default: false, description: 'A switch.' } } } },
      l: { type: 'array', items: { type: 'object', properties: { e: { type: 'string', description: 'Source: assumption (no data).' } } } },
    },
  };

  it('lists leaves with dotted paths, <name> for map keys and [] for list items', () => {
    expect(parameterRows(schema, 'x').map((r) => r.path)).toEqual(['x.a', 'x.b.c', 'x.m.<name>.d', 'x.l[].e']);
  });

  it('classifies the basis: a cited source, an assumption (also "Source: assumption"), or a definition', () => {
    expect(parameterRows(schema, 'x').map((r) => r.basis)).toEqual(['source', 'assumption', 'definition', 'assumption']);
  });

  it('writes defaults as JSON and lets a leaf without a description inherit its parent\'s', () => {
    const rows = parameterRows(schema, 'x');
    expect(rows[0].defaultText).toBe('2');
    expect(rows[1].description).toBe('Group. Assumption.');
    expect(rows[3].defaultText).toBe('');
  });
});

describe('docs/model.md', () => {
  it('carries the current parameter tables (regenerate with UPDATE_DOCS=1 npx vitest run src/model/calibration)', () => {
    const file = path.resolve('docs/model.md');
    const text = fs.readFileSync(file, 'utf8');
    const start = text.indexOf(PARAMS_START);
    const end = text.indexOf(PARAMS_END);
    expect(start, 'docs/model.md lacks the parameters:start marker').toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const block = modelParameterBlock(scenarioJsonSchema());
    const current = text.slice(start, end + PARAMS_END.length);
    if (process.env.UPDATE_DOCS === '1' && current !== block) {
      fs.writeFileSync(file, text.slice(0, start) + block + text.slice(end + PARAMS_END.length));
      return;
    }
    expect(current).toBe(block);
  });
});
