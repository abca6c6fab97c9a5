"""The steps of a run and the reads over the store: plain functions, no Prefect."""
