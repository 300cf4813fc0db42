import { describe, expect, it } from 'vitest';
import { arrangeQueue, readQueueQuery, type QueueFacts } from './queue.js';

const row = (number: string, received: string, due: string | null, overdue = false, title = number): QueueFacts => ({
  number, title, received_at: new Date(received), due_at: due, overdue,
});
const ROWS = [
  row('A', '2026-01-05', '2026-02-01'),
  row('B', '2026-01-01', '2026-03-01'),
  row('C', '2026-01-10', '2026-01-20', true, 'Corner bakery'),
  row('D', '2026-01-03', null),
];

describe('arrangeQueue', () => {
  it.each<[string, Record<string, string>, string[]]>([
    ['by default: overdue first, then the nearest due date, cases without one last', {}, ['C', 'A', 'B', 'D']],
    ['oldest first, as received', { sort: 'oldest' }, ['B', 'D', 'A', 'C']],
    ['newest first', { sort: 'newest' }, ['C', 'A', 'D', 'B']],
    ['overdue only', { overdue: '1' }, ['C']],
    ['words in the title, any case', { q: 'BAKERY' }, ['C']],
    ['words in the number', { q: 'b' }, ['C', 'B']],
    ['an unknown order falls back to the default', { sort: 'sideways' }, ['C', 'A', 'B', 'D']],
  ])('%s', (_name, query, expected) => {
    expect(arrangeQueue(ROWS, readQueueQuery(query)).map((r) => r.number)).toEqual(expected);
  });

  it('keeps the given rows untouched', () => {
    const copy = [...ROWS];
    arrangeQueue(ROWS, readQueueQuery({ sort: 'newest' }));
    expect(ROWS).toEqual(copy);
  });
});
