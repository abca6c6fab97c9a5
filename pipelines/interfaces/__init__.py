"""What users call: the ``verbatim`` command line and the REST API."""
