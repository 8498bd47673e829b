"""Stage 7, releases: guarded, versioned snapshots of a finished build and what changed between two of them."""
