"""Data in and out of the store: reading exports, the store and its schema and migrations."""
