"""Pure in-memory search: folding, an inverted index with fuzzy matching, and a gazetteer."""
