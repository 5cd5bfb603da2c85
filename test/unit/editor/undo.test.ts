import { describe, expect, it } from 'vitest';
import {
  canRedo,
  canUndo,
  createHistory,
  GROUP_GAP_MS,
  record,
  redo,
  UNDO_LEVELS,
  undo,
} from '../../../pages/editor/form/undo';

describe('the editor undo history', () => {
  it('undoes and redoes several levels, in order', () => {
    let h = createHistory('a');
    h = record(h, 'b', 'name', 0);
    h = record(h, 'c', 'title', 10);
    h = record(h, 'd', 'brief', 20);
    expect(canRedo(h)).toBe(false);
    h = undo(h);
    expect(h.present).toBe('c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = redo(h);
    expect(h.present).toBe('c');
    h = undo(undo(h));
    expect(h.present).toBe('a');
    expect(canUndo(h)).toBe(false);
    // Nothing left to undo: the same history back.
    expect(undo(h)).toBe(h);
    expect(redo(redo(redo(h))).present).toBe('d');
  });

  it('makes a run of typing in one field one level, and a pause or another field a new one', () => {
    let h = createHistory('');
    h = record(h, 'S', 'title', 0);
    h = record(h, 'Sa', 'title', 100);
    h = record(h, 'Sav', 'title', 200);
    expect(h.past).toEqual(['']);
    h = record(h, 'Save', 'title', 200 + GROUP_GAP_MS + 1);
    expect(h.past).toEqual(['', 'Sav']);
    h = record(h, 'other', 'name', 200 + GROUP_GAP_MS + 2);
    expect(undo(h).present).toBe('Save');
    // An edit without a field (a step moved) is always a level of its own.
    h = record(h, 'moved', undefined, 0);
    h = record(h, 'moved again', undefined, 0);
    expect(undo(h).present).toBe('moved');
  });

  it('drops what could be redone on a new edit, and keeps at most UNDO_LEVELS levels', () => {
    let h = record(record(createHistory(0), 1), 2);
    h = undo(h);
    h = record(h, 3);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(1);
    for (let i = 0; i < UNDO_LEVELS + 20; i++) h = record(h, 100 + i);
    expect(h.past).toHaveLength(UNDO_LEVELS);
  });
});
