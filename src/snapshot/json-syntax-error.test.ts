import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findJsonSyntaxError } from './json-syntax-error.js';

/** The recogniser must agree with JSON.parse on what is JSON; these probe each construct. */
const samples = [
  '{}',
  '[]',
  ' {"a": [1, -2.5e+3, true, false, null, "x\\u00e9\\n"]} ',
  '"just a string"',
  '0',
  '-0.0',
  '01',
  '1.',
  '.5',
  '{"a":1,}',
  '[1,]',
  '{a:1}',
  "{'a':1}",
  '{"a" 1}',
  '{"a":1 "b":2}',
  '[1 2]',
  '"tab\there"',
  '"bad \\x escape"',
  '"\\u12G4"',
  'nul',
  'true false',
  '{"a":1}}',
  '',
  '   ',
  '[[[[]]]]',
  '{"a":{"b":{"c":[{}]}}}',
  '"unterminated',
  '+1',
  'NaN',
];

test('agrees with JSON.parse on validity', () => {
  for (const sample of samples) {
    let valid = true;
    try {
      JSON.parse(sample);
    } catch {
      valid = false;
    }
    assert.equal(findJsonSyntaxError(sample) === undefined, valid, JSON.stringify(sample));
  }
});

test('points at the offending character', () => {
  assert.deepEqual(findJsonSyntaxError('{\n  "a": 1\n  "b": 2\n}'), {
    offset: 13,
    line: 3,
    column: 3,
    message: 'expected "," or "}", found "\\""',
  });
  assert.equal(
    findJsonSyntaxError('{"a": "x\ny"}')?.message,
    'control character in string (newlines and tabs must be escaped)',
  );
});
