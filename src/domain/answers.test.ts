import { describe, expect, it } from 'vitest';
import { checkAnswers } from './answers.js';
import type { Channel } from './types.js';

const procedure = {
  fields: [
    { key: 'area', label: { ko: '면적', en: 'Area' }, type: 'number' as const, required: true, public: true },
    { key: 'brn', label: { ko: '사업자번호', en: 'BRN' }, type: 'text' as const, required: false, public: false },
  ],
  documents: [
    { key: 'plan', name: { ko: '도면', en: 'Plan' }, required: true },
    { key: 'deed', name: { ko: '등기', en: 'Deed' }, required: false },
  ],
};

describe('checkAnswers', () => {
  it.each<[string, Record<string, string>, string[], Channel, string[]]>([
    ['complete online answers', { area: '12.5', brn: 'x' }, ['plan'], 'online', []],
    ['a missing required field and document together', {}, [], 'online', ['fields.area:error.required', 'documents.plan:error.document_required']],
    ['a non-numeric number', { area: 'big' }, ['plan'], 'online', ['fields.area:error.number']],
    ['paper documents at a counter', { area: '3' }, [], 'counter', []],
    ['an unasked-for document', { area: '3' }, ['plan', 'selfie'], 'online', ['documents.selfie:error.unknown_document']],
  ])('%s', (_name, fields, docs, channel, want) => {
    expect(checkAnswers(procedure, fields, docs, channel).issues.map((i) => `${i.field}:${i.key}`)).toEqual(want);
  });

  it('splits public and private answers', () => {
    const { publicFields, privateFields } = checkAnswers(procedure, { area: '7', brn: '123' }, ['plan'], 'online');
    expect(publicFields).toEqual({ area: '7' });
    expect(privateFields).toEqual({ brn: '123' });
  });
});
