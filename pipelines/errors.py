"""One catalogue of the errors a user can meet, each with a code they can search for.

Messages name the problem and the fix. Raise them as
``raise VerbatimError(Errors.E101, path=path) from None``.
"""

from __future__ import annotations


class Errors:
    """Message templates, keyed by a stable code (``E1xx`` input, ``E2xx`` store, ``E3xx`` runs)."""

    # E1xx: reading survey exports
    E101 = "File not found: {path}. Check the path, or list the folder with `ls`."
    E102 = (
        "File {path} is empty (0 bytes). Export the survey again; a valid empty export still "
        "has a header row."
    )
    E103 = (
        "File {path} looks binary, not a {kind} export ({detail}). Export it again as CSV, "
        "XLSX, Parquet or JSONL."
    )
    E104 = (
        "Unsupported file extension '{ext}' for {path}. Supported: .csv, .tsv, .txt, .xlsx, "
        ".xlsm, .parquet, .jsonl, .ndjson. Rename the file or convert it."
    )
    E105 = (
        "Required column '{column}' not found in {path}. Columns found: {found}. Map it "
        'explicitly, e.g. --map {column}="{example}".'
    )
    E106 = "Could not read {path} as {kind}: {detail}. Check the file opens in a spreadsheet."
    E107 = "Sheet '{sheet}' not found in {path}. Sheets found: {found}. Use --sheet NAME."
    E108 = (
        "Invalid --map value '{value}'. Use CANONICAL=\"Header in file\", where CANONICAL is "
        "one of: {canonical}."
    )
    E109 = "Column '{header}' given in --map {canonical}=\"{header}\" is not in {path}. Columns found: {found}."
    E110 = (
        "Column '{header}' is mapped to both {first} and {second} in --map; a column can feed "
        "only one field."
    )
    E111 = (
        "Refusing {path}: its parts would expand to {size} ({ratio:.0f} times the file), "
        "beyond the {limit} a survey workbook needs (a decompression bomb, or a workbook "
        "with far more than survey data). Export the responses alone, as CSV or XLSX."
    )

    # E2xx: the store
    E201 = (
        "Cannot open the database {url}: {detail}. Check --db / VERBATIM_DB_URL "
        "(e.g. sqlite:///data/verbatim.db or postgresql+psycopg://user@127.0.0.1/verbatim)."
    )
    E202 = "The store at {url} is empty: run `verbatim run INPUT` first to load a survey export."
    E203 = (
        "Another Verbatim run ({owner}, started {since}) holds the lock on {url}. Wait for it "
        "to finish, or pass --wait SECONDS to queue behind it."
    )
    E204 = "Unknown table '{table}'. Exportable tables: {tables}."
    E205 = "Theme {theme_id} not found. List themes with `verbatim themes`."

    # E3xx: configuration and runs
    E301 = "Invalid configuration in {path}: {detail}."
    E302 = "Invalid value for {option}: {value!r}. {rule}"
    E303 = (
        "Embedding model '{model}' is not available offline ({detail}). Provide a local folder "
        "path in embedding.model (VERBATIM_EMBEDDING_MODEL), put the model in the "
        "sentence-transformers cache, or use the built-in default 'use-multilingual-v3'."
    )
    E304 = "No themes in the store yet: run `verbatim run INPUT` on an export with comments first."
    E305 = (
        "Invalid date for {option}: {value!r}. Use YYYY-MM-DD (2026-10-01), YYYY-MM (2026-10: "
        "the whole month), DD/MM/YYYY (01/10/2026 = 1 October, day first as in exports), "
        "today or yesterday."
    )
    E306 = "No response matches {filters}. {hint}"
    E307 = (
        "Cannot write to the output folder {path}: {detail}. Fix its permissions or choose "
        "another folder with --output (or VERBATIM_OUTPUT_DIR); nothing was run."
    )
    E309 = (
        "Cannot write {path}: {detail}. Give a file name in an existing, writable folder, e.g. "
        "--output out/{example}."
    )
    E308 = (
        "Only {free} free on the disk of {path}; this run needs about {need} ({why}). Free "
        "some space or choose another location; nothing was run."
    )


class VerbatimError(Exception):
    """An error a user can fix; the CLI prints its message on one line and exits non-zero."""

    def __init__(self, template: str, /, **fields: object) -> None:
        code = next((k for k, v in vars(Errors).items() if v == template), "E000")
        self.code = code
        self.message = f"[{code}] " + template.format(**fields)
        super().__init__(self.message)
