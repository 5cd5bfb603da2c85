// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { clickedControl, filledField, fromHost, secretField } from '../../../recorder/capture';

/** An event as the browser delivers it (trusted), along the path from `el` up. */
function trusted(el: Element, isTrusted = true): Event {
  const path: EventTarget[] = [];
  for (let node: Node | null = el; node; node = node.parentNode ?? (node as ShadowRoot).host ?? null) path.push(node);
  return { isTrusted, composedPath: () => path } as unknown as Event;
}

const $ = (selector: string) => document.querySelector(selector)!;

beforeEach(() => {
  document.body.innerHTML = `
    <main>
      <button id="save"><span id="icon">✓</span> Save</button>
      <button id="off" disabled>Off</button>
      <a id="link" href="/deals">Deals</a>
      <div id="plain">Just text</div>
      <div role="tab" id="tab"><b id="tab-inner">Notes</b></div>
      <input id="name" name="name">
      <input id="agree" type="checkbox">
      <input id="pw" type="password">
      <input id="code" autocomplete="one-time-code">
      <select id="stage"><option>Won</option></select>
      <textarea id="notes"></textarea>
      <div id="editor" contenteditable="true"><p id="para">hi</p></div>
      <div id="host"></div>
    </main>`;
});

describe('which clicks are steps', () => {
  it('counts a click on a button or link, from the inside of it too', () => {
    expect(clickedControl(trusted($('#icon')))?.id).toBe('save');
    expect(clickedControl(trusted($('#link')))?.id).toBe('link');
    expect(clickedControl(trusted($('#tab-inner')))?.id).toBe('tab');
    expect(clickedControl(trusted($('#agree')))?.id).toBe('agree');
  });

  it('does not count a click on text, on a field, on a disabled button, or one the page made up', () => {
    expect(clickedControl(trusted($('#plain')))).toBe(null);
    expect(clickedControl(trusted($('#name')))).toBe(null);
    expect(clickedControl(trusted($('#off')))).toBe(null);
    expect(clickedControl(trusted($('#save'), false))).toBe(null);
  });

  it('finds a button inside an open shadow root', () => {
    const root = $('#host').attachShadow({ mode: 'open' });
    root.innerHTML = '<button id="inner">Inner</button>';
    expect(clickedControl(trusted(root.querySelector('#inner')!))?.id).toBe('inner');
  });
});

describe('which typing is a step', () => {
  it('counts text fields, lists, text areas and editable regions', () => {
    for (const id of ['name', 'stage', 'notes', 'pw']) expect(filledField(trusted($(`#${id}`)))?.id).toBe(id);
    expect(filledField(trusted($('#para')))?.id).toBe('editor');
  });

  it('leaves checkboxes to their click, and ignores what the page made up', () => {
    expect(filledField(trusted($('#agree')))).toBe(null);
    expect(filledField(trusted($('#name'), false))).toBe(null);
  });

  it('knows a secret field', () => {
    expect(secretField($('#pw'))).toBe(true);
    expect(secretField($('#code'))).toBe(true);
    expect(secretField($('#name'))).toBe(false);
  });

  it('knows an event from Stepwise’s own indicator', () => {
    expect(fromHost(trusted($('#icon')), $('main'))).toBe(true);
    expect(fromHost(trusted($('#icon')), $('#host'))).toBe(false);
  });
});
