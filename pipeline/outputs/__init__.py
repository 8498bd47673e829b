"""Stage 6, outputs: the catalog as tables, a merged list, a plot, a report, citations, a database and a web page."""
