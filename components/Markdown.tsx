import type { ComponentChildren } from 'preact';
import { type Block, type Inline, parseInline, parseMarkdown } from './markdown';

/** Rule text rendered from Markdown tokens as elements: no markup string ever reaches the DOM. */
export function Markdown({ source, id }: { source: string; id?: string }) {
  return <div id={id}>{parseMarkdown(source).map(block)}</div>;
}

/** One line of rule text (a validation message): inline Markdown only. */
export function InlineMarkdown({ source }: { source: string }) {
  return <>{parseInline(source).map(inline)}</>;
}

function block(b: Block, key: number): ComponentChildren {
  if (b.type === 'paragraph') return <p key={key}>{b.children.map(inline)}</p>;
  if (b.type === 'code') return <pre key={key}>{b.text}</pre>;
  const items = b.items.map((item, i) => <li key={i}>{item.map(inline)}</li>);
  return b.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
}

function inline(token: Inline, key: number): ComponentChildren {
  switch (token.type) {
    case 'text':
      return token.text;
    case 'code':
      return <code key={key}>{token.text}</code>;
    case 'strong':
      return <strong key={key}>{token.children.map(inline)}</strong>;
    case 'em':
      return <em key={key}>{token.children.map(inline)}</em>;
    case 'link':
      return (
        <a key={key} href={token.href} target="_blank" rel="noopener noreferrer">
          {token.children.map(inline)}
        </a>
      );
  }
}
