"""Stage 3, records: entries -> schema-valid records (identifiers, kinds, clean fields) and rejects, with the accounting that nothing was lost."""
