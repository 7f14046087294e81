"""Finding KOLs: listing search, search documents, shortlists, comparison."""
