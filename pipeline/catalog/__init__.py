"""Stage 5, catalog: mentions of every source -> clusters of one paper each -> papers with canonical fields, resources, conflicts."""
