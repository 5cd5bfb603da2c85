// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InsightsReport } from '../../../insights/model';
import { Filters } from '../../../pages/insights/Filters';
import { TableBlock } from '../../../pages/insights/TableBlock';
import { useReport } from '../../../pages/insights/use-report';

let root: HTMLElement;
const mount = async (node: preact.ComponentChild) => {
  root = document.createElement('div');
  document.body.append(root);
  await act(() => render(node, root));
};
afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

describe('a closed table', () => {
  const rows = [
    ['2026-12-01', 3],
    ['2026-12-02', 4],
  ];

  it('makes its rows when it is first opened, and keeps them', async () => {
    await mount(<TableBlock caption="Outcomes per day" file="outcomes" header={['Day', 'Completed']} rows={rows} />);
    const details = root.querySelector('details')!;
    expect(root.querySelectorAll('tbody tr')).toHaveLength(0);
    // Its caption and header are there, for the summary and the CSV button.
    expect(root.querySelector('caption')?.textContent).toBe('Outcomes per day');
    details.open = true;
    await act(() => {
      details.dispatchEvent(new Event('toggle'));
    });
    expect([...root.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual(['2026-12-013', '2026-12-024']);
    details.open = false;
    await act(() => {
      details.dispatchEvent(new Event('toggle'));
    });
    expect(root.querySelectorAll('tbody tr')).toHaveLength(2);
  });

  it('open from the start, has its rows at once', async () => {
    await mount(<TableBlock open caption="Health" file="health" header={['Day', 'Completed']} rows={rows} />);
    expect(root.querySelectorAll('tbody tr')).toHaveLength(2);
  });
});

describe('the rule filter', () => {
  const report = {
    packs: [{ id: 'p', name: 'Pack' }],
    rules: Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, name: `Rule ${i}`, kind: 'tip', packId: 'p' })),
  } as unknown as InsightsReport;
  const state = { preset: '30' as const, filter: { range: { from: '2026-11-01', to: '2026-11-30' }, ruleId: 'r7' } };
  const options = () => [...root.querySelectorAll<HTMLSelectElement>('select')[2]!.options].map((o) => o.value);

  it('holds the chosen rule until the page is idle, then every rule', async () => {
    let idle: (() => void) | undefined;
    vi.stubGlobal('requestIdleCallback', (fn: () => void) => {
      idle = fn;
      return 1;
    });
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    await mount(<Filters state={state} report={report} onChange={() => undefined} />);
    expect(options()).toEqual(['', 'r7']);
    expect(root.querySelectorAll('select')[2]!.value).toBe('r7');
    await act(() => idle!());
    expect(options()).toHaveLength(301);
  });

  it('lists every rule at once when the control is reached before', async () => {
    vi.stubGlobal('requestIdleCallback', () => 1);
    vi.stubGlobal('cancelIdleCallback', () => undefined);
    await mount(<Filters state={state} report={report} onChange={() => undefined} />);
    expect(options()).toHaveLength(2);
    await act(() => {
      root.querySelectorAll('select')[2]!.dispatchEvent(new FocusEvent('focus'));
    });
    expect(options()).toHaveLength(301);
  });
});

describe('the report followed', () => {
  function Shows({ promise }: { promise: Promise<string> | null }) {
    const state = useReport(() => promise, [promise]);
    return <p>{state.status === 'ready' ? state.value : state.status === 'error' ? state.error : 'loading'}</p>;
  }

  it('is loading until asked and answered, and never shows an answer a newer question replaced', async () => {
    await mount(<Shows promise={null} />);
    expect(root.textContent).toBe('loading');
    let answerOld!: (v: string) => void;
    const old = new Promise<string>((resolve) => {
      answerOld = resolve;
    });
    await act(() => render(<Shows promise={old} />, root));
    const newer = Promise.resolve('newer');
    await act(() => render(<Shows promise={newer} />, root));
    await act(async () => {
      answerOld('old');
      await old;
    });
    expect(root.textContent).toBe('newer');
    await act(() => render(<Shows promise={Promise.reject(new Error('No database'))} />, root));
    await act(async () => undefined);
    expect(root.textContent).toBe('No database');
  });
});
