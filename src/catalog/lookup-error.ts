/** Raised when a catalog name is unknown; carries the closest known names. */
export class CatalogLookupError extends Error {
  readonly suggestions: string[];
  constructor(what: string, name: string, suggestions: string[]) {
    super(
      `unknown ${what} '${name}'${suggestions.length ? `; did you mean ${suggestions.map((item) => `'${item}'`).join(', ')}?` : ''}`,
    );
    this.name = 'CatalogLookupError';
    this.suggestions = suggestions;
  }
}
