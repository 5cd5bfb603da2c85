/**
 * Statements run on every request are prepared once per connection on PostgreSQL: parsed and
 * planned on first use, then only bound and executed. A statement asks for it by starting with
 * `PREPARED(name)` (an SQL comment, so PGlite and any other reader run it as it is); its text must
 * not change from one call to the next (only its parameters do), since one name is one statement.
 */
const MARK = '/* prepared:';

/** The comment that makes the statement after it a prepared statement called `name`. */
export const PREPARED = (name: string): string => `${MARK}${name} */`;

/** The prepared statement's name when `text` asks for one (`PREPARED`), else null. */
export function preparedName(text: string): string | null {
  if (!text.startsWith(MARK)) return null;
  const end = text.indexOf(' */', MARK.length);
  return end === -1 ? null : `stepwise_${text.slice(MARK.length, end)}`;
}
