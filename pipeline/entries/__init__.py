"""Stage 2, entries: the pandoc AST -> one entry per list item, table row or paragraph entry, its title, authors and venue read."""
