/**
 * Rules indexed by host and first path segment, so a URL change looks only at the rules whose
 * patterns can match it.
 */
import type { UrlMatcher } from '../url/types';

class Bucket<T> {
  readonly bySegment = new Map<string, T[]>();
  readonly rest: T[] = [];
  add(item: T, segment: string | null): void {
    if (segment === null) this.rest.push(item);
    else {
      const list = this.bySegment.get(segment);
      if (list) list.push(item);
      else this.bySegment.set(segment, [item]);
    }
  }
  collect(segment: string, out: Set<T>): void {
    for (const item of this.rest) out.add(item);
    for (const item of this.bySegment.get(segment) ?? []) out.add(item);
  }
}

export class UrlIndex<T> {
  private readonly exact = new Map<string, Bucket<T>>();
  private readonly suffix = new Map<string, Bucket<T>>();
  private readonly anyHost = new Bucket<T>();

  add(item: T, matcher: UrlMatcher): void {
    const h = matcher.host;
    let bucket = this.anyHost;
    if (h) {
      const [map, key] = 'exact' in h ? [this.exact, h.exact] : [this.suffix, h.suffix];
      bucket = map.get(key) ?? new Bucket<T>();
      map.set(key, bucket);
    }
    bucket.add(item, matcher.segment);
  }

  /** The items whose patterns may match `url` (a superset: each still needs its full test). */
  candidates(url: URL): Set<T> {
    const out = new Set<T>();
    const segment = url.pathname.split('/')[1] ?? '';
    const host = url.hostname;
    this.anyHost.collect(segment, out);
    this.exact.get(host)?.collect(segment, out);
    if (this.suffix.size) {
      for (let key = host; ; ) {
        this.suffix.get(key)?.collect(segment, out);
        const dot = key.indexOf('.');
        if (dot < 0) break;
        key = key.slice(dot + 1);
      }
    }
    return out;
  }
}
