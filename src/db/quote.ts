/** Quotes an identifier for SQL text (table and column names cannot be bind parameters). */
export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
