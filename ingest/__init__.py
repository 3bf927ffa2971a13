"""Entity ingest: agency adapters, Thai normalisation, entity resolution."""
