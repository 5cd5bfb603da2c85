import { Component, type VNode } from 'preact';

export interface AttachedProps {
  /** When any of these changes, the previous attachment is cleaned up and `attach` runs again. */
  deps: readonly unknown[];
  /** Runs on the rendered element right after it is in the DOM (before paint); may return a cleanup. */
  attach(element: HTMLElement): (() => void) | undefined;
  children: VNode;
}

/**
 * Ties browser work (positioning, focus, scrolling) to the element it renders, for as long as it is
 * mounted: a class instead of hooks, which keeps the UI bundle smaller.
 */
export class Attached extends Component<AttachedProps> {
  #deps: readonly unknown[] | null = null;
  #cleanup: (() => void) | undefined;

  override componentDidMount(): void {
    this.#sync();
  }

  override componentDidUpdate(): void {
    this.#sync();
  }

  override componentWillUnmount(): void {
    this.#cleanup?.();
  }

  #sync(): void {
    const { deps, attach } = this.props;
    if (this.#deps && deps.length === this.#deps.length && deps.every((d, i) => d === this.#deps?.[i])) return;
    this.#deps = deps;
    this.#cleanup?.();
    this.#cleanup = attach(this.base as HTMLElement);
  }

  render() {
    return this.props.children;
  }
}
