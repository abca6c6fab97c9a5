"""Everything with I/O or orchestration: ingest, store, flows, report, CLI, API."""
