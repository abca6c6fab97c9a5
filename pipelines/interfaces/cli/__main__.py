"""``python -m verbatim.pipelines.interfaces.cli``: the ``verbatim`` command."""

from verbatim.pipelines.interfaces.cli import main

main()
