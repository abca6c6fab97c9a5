"""Value and retention columns: recognised from French and English headers or --map, cells read
in French and English forms, unread cells left empty with a counted warning, stored typed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.io.ingest import parse_column_map, read_export
from verbatim.pipelines.io.store import Store
from verbatim.pipelines.io.value_fields import decimal_comma, parse_amount, parse_retention
from verbatim.pipelines.steps.jobs import ingest_step


def _csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ";") -> Path:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerows([header, *rows])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "value_header,retention_header",
    [
        ("Chiffre d'affaires", "Résilié"),
        ("CA annuel", "Client actif"),
        ("Montant", "Renouvelé"),
        ("Panier moyen", "Toujours client"),
        ("Revenue", "Churned"),
        ("Contract value", "Renewed"),
        ("Basket value", "Still a customer"),
        ("annual_revenue", "churn_flag"),
    ],
)
def test_value_fields_headers_are_recognised_in_french_and_english(
    tmp_path, value_header, retention_header
):
    path = _csv(
        tmp_path / "e.csv",
        ["ID", "Note", "Commentaire", "Agence", value_header, retention_header],
        [["A1", "9", "Bien", "Lyon", "1200", "oui"], ["A2", "3", "Lent", "Lille", "800", "non"]],
    )
    result = read_export(path)
    assert result.mapping["value"] == value_header
    assert result.mapping["retention"] == retention_header
    assert result.accepted["value"].tolist() == [1200.0, 800.0]
    assert "Agence" in result.accepted.columns and value_header not in result.accepted.columns


@pytest.mark.parametrize(
    "header,retained",
    [
        ("Résilié", [False, True]),  # yes = left
        ("Churned", [False, True]),
        ("Client actif", [True, False]),  # yes = still a customer
        ("Renewed", [True, False]),
    ],
)
def test_value_fields_yes_no_follows_the_header_direction(tmp_path, header, retained):
    path = _csv(tmp_path / "e.csv", ["Note", header], [["9", "oui"], ["3", "non"]])
    assert read_export(path).accepted["retained"].tolist() == retained


@pytest.mark.parametrize(
    "cell,amount",
    [
        ("1 234,56 €", 1234.56),
        ("1\u202f234,56\u00a0€", 1234.56),
        ("$1,234.56", 1234.56),
        ("1.234,56", 1234.56),
        ("EUR 99", 99.0),
        ("12,5 k€", 12500.0),
        ("1234", 1234.0),
        (1234.5, 1234.5),
        ("", None),
        ("n/a", None),
        ("-", None),
    ],
)
def test_value_fields_amounts_in_french_and_english_forms(cell, amount):
    assert parse_amount(cell) == (amount, None)


@pytest.mark.parametrize(
    "cell,reason",
    [
        ("abc", "is not an amount"),
        ("-12", "is negative"),
        ("1,23.4", "do not read as an amount"),
    ],
)
def test_value_fields_unread_amounts_say_why(cell, reason):
    value, why = parse_amount(cell)
    assert value is None and reason in why


@pytest.mark.parametrize(
    "cells,comma,first",
    [
        (["1,234", "12,50", "3,10"], True, 1.234),  # a comma column: 1,234 is 1.234
        (["1,234", "12.50", "3.10"], False, 1234.0),  # a point column: 1,234 is 1234
    ],
)
def test_value_fields_the_column_decides_a_lone_separator(cells, comma, first):
    assert decimal_comma(cells) is comma
    assert parse_amount(cells[0], comma_decimal=comma) == (first, None)


@pytest.mark.parametrize(
    "cell,leaving,expected",
    [
        ("yes", False, True),
        ("Oui", True, False),
        ("NON", True, True),
        ("1", False, True),
        (0, False, False),
        (True, True, False),
        ("false", False, False),
        ("vrai", False, True),
        ("churned", False, False),  # words carry their own direction
        ("Résilié", False, False),
        ("renewed", True, True),
        ("Renouvelé", True, True),
        ("still a customer", False, True),
        ("n/a", False, None),
    ],
)
def test_value_fields_retention_answers(cell, leaving, expected):
    assert parse_retention(cell, leaving=leaving) == (expected, None)


def test_value_fields_unread_cells_are_left_empty_with_a_counted_warning(tmp_path):
    path = _csv(
        tmp_path / "e.csv",
        ["Note", "Commentaire", "Montant", "Résilié"],
        [
            ["9", "Bien", "1 234,56 €", "non"],
            ["3", "Lent", "beaucoup", "peut-être"],
            ["7", "", "", ""],
        ],
    )
    result = read_export(path)
    assert len(result.accepted) == 3 and result.rejects.empty  # no response lost
    assert result.accepted["value"].isna().tolist() == [False, True, True]
    assert result.accepted["retained"].isna().tolist() == [False, True, True]
    notes = " ".join(result.warnings)
    assert "1 cell(s) of 'Montant' (value) could not be read and were left empty" in notes
    assert "line 3: 'beaucoup' is not an amount" in notes
    assert "1 cell(s) of 'Résilié' (retention)" in notes and "'peut-être'" in notes


def test_value_fields_mapped_with_map_like_any_column(tmp_path):
    path = _csv(
        tmp_path / "e.csv",
        ["Note", "Total TTC", "Statut"],
        [["9", "1 000,00", "renouvelé"], ["2", "250,50", "résilié"]],
    )
    column_map = parse_column_map(["value=Total TTC", "retention=Statut"])
    result = read_export(path, column_map=column_map)
    assert result.mapping["value"] == "Total TTC" and result.mapping["retention"] == "Statut"
    assert result.accepted["value"].tolist() == [1000.0, 250.5]
    assert result.accepted["retained"].tolist() == [True, False]
    with pytest.raises(VerbatimError, match="one of: response_id, .*value, retention"):
        parse_column_map(["revenue=Total TTC"])


def test_value_fields_a_partial_header_needs_values_of_its_kind(tmp_path):
    # "Date de résiliation" holds dates, "Tranche de CA" buckets: neither is read as a field
    path = _csv(
        tmp_path / "e.csv",
        ["Note", "Date", "Date de résiliation", "Tranche de CA", "Montant remboursé"],
        [
            ["9", "01/10/2026", "01/11/2026", "0-10k", "Aucun"],
            ["3", "02/10/2026", "02/11/2026", "10-50k", "Non"],
        ],
    )
    result = read_export(path)
    assert "retention" not in result.mapping and "value" not in result.mapping
    assert {"Date de résiliation", "Tranche de CA", "Montant remboursé"} <= set(
        result.accepted.columns
    )


def test_value_fields_workbook_numbers_and_booleans(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Note", "Revenue", "Churn"])
    ws.append([9, 1234.5, False])
    ws.append([2, 99, True])
    wb.save(tmp_path / "e.xlsx")
    accepted = read_export(tmp_path / "e.xlsx").accepted
    assert accepted["value"].tolist() == [1234.5, 99.0]
    assert accepted["retained"].tolist() == [True, False]


def test_value_fields_stored_typed_and_re_ingest_changes_nothing(tmp_path):
    path = _csv(
        tmp_path / "e.csv",
        ["ID", "Note", "Chiffre d'affaires", "Résilié", "Agence"],
        [["A1", "9", "1 234,56 €", "non", "Lyon"], ["A2", "3", "", "oui", "Lille"]],
    )
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    first = ingest_step(store, [path], say=lambda _: None)
    again = ingest_step(store, [path], say=lambda _: None)
    assert (first["inserted"], again["unchanged"]) == (2, 2)
    df = store.responses().set_index("response_id")
    assert str(df["value"].dtype) == "float64" and str(df["retained"].dtype) == "boolean"
    assert df.loc["A1", "value"] == 1234.56 and df["value"].isna().tolist() == [False, True]
    assert df["retained"].tolist() == [True, False]
    assert df["Agence"].tolist() == ["Lyon", "Lille"]  # a segment, and value is not one
    store.dispose()


def test_value_fields_a_store_without_them_reads_as_before(tmp_path):
    path = _csv(tmp_path / "e.csv", ["ID", "Note", "Agence"], [["A1", "9", "Lyon"]])
    store = Store(f"sqlite:///{tmp_path / 'v.db'}")
    ingest_step(store, [path], say=lambda _: None)
    columns = list(store.responses().columns)
    assert "value" not in columns and "retained" not in columns
    store.dispose()
