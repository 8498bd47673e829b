"""Stage 1, read: source bytes -> text -> pandoc AST, with GitHub's own view of the items and rows (cmark-gfm) and mistune's cross-check."""
