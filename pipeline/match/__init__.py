"""Stage 4, match: whether two mentions are one paper (identifiers, titles, authors as people, venues)."""
