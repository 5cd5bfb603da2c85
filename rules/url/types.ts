/** A compiled URL pattern, with what the engine's index needs to know about it. */
export interface UrlMatcher {
  test(url: URL): boolean;
  /** Whether the pattern can match some URL of this URL's origin (scheme, host, port). */
  testOrigin(url: URL): boolean;
  /** The host the pattern is limited to (`exact`), or to it and its subdomains (`suffix`); `null`: any. */
  host: { exact: string } | { suffix: string } | null;
  /** The first path segment every matching URL has, or `null`. */
  segment: string | null;
}

/** The parts of a URLPattern that Stepwise reads. */
export interface URLPatternLike {
  test(input: string | Record<string, string>): boolean;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/** `URLPattern` (native in Chromium), or the polyfill's class where it is missing. */
export type URLPatternConstructor = new (input: string | Record<string, string>) => URLPatternLike;
