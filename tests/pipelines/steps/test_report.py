"""The theme report: HTML escaping and sections, Excel workbook, spreadsheet-safe exports."""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import UTC, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from verbatim.pipelines.errors import VerbatimError
from verbatim.pipelines.steps.report import (
    ReportData,
    neutralise,
    render_html,
    write_html,
    write_table,
    write_xlsx,
)
from verbatim.pipelines.steps.report.xlsx import SHEETS

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
FORMULA = '=HYPERLINK("http://x.example","clic")'

# (theme_id, label_en, label_fr, size, theme_nps, impact, ci_low, ci_high, lift, q, status)
_THEMES = [
    (
        1,
        "Delivery delays",
        "Retards de livraison",
        220,
        -38.0,
        -9.6,
        -12.4,
        -6.9,
        1.92,
        0.0001,
        "active",
    ),
    (
        2,
        "App crashes",
        "Plantages de l'application",
        140,
        -30.5,
        -5.1,
        -7.6,
        -2.7,
        1.71,
        0.0004,
        "active",
    ),
    (3, "Hidden fees", "Frais cachés", 60, -12.0, -1.4, -3.1, 0.3, 1.22, 0.21, "new"),
    (
        4,
        "Long wait on the phone",
        "Attente au téléphone",
        95,
        -20.0,
        -3.2,
        -5.3,
        -1.1,
        1.45,
        0.008,
        "active",
    ),
    (5, "Friendly staff", "Personnel aimable", 180, 71.0, 6.8, 4.6, 9.0, 0.35, 0.0001, "active"),
    (6, "Easy ordering", "Commande facile", 150, 64.0, 4.1, 2.2, 6.0, 0.48, 0.0009, "active"),
    (7, "Good prices", "Bons prix", 40, 45.0, 0.9, -0.6, 2.4, 0.8, 0.34, "active"),
]
_PERIODS = [
    ("2026-04", 410, 30.2),
    ("2026-05", 388, 27.9),
    ("2026-06", 432, 31.5),
    ("2026-07", 365, 24.1),
    ("2026-08", 298, 22.8),
    ("2026-09", 441, 26.4),
    ("2026-10", 456, 29.7),
]


def _nps_frame() -> pd.DataFrame:
    rows = []
    for period, n, nps in _PERIODS:
        promoters = round(n * (0.5 + nps / 200) * 0.8)
        detractors = promoters - round(nps * n / 100)
        half = 196 * ((0.5 * (1 - 0.25 * (nps / 100) ** 2)) / n) ** 0.5
        rows.append(
            {
                "period": period,
                "responses": n,
                "promoters": promoters,
                "passives": n - promoters - detractors,
                "detractors": detractors,
                "nps": nps,
                "ci_low": nps - half,
                "ci_high": nps + half,
            }
        )
    return pd.DataFrame(rows)


def make_report_data(*, example_text: str = SCRIPT) -> ReportData:
    """A small planted report; ``example_text`` is planted as a verbatim, a keyword and a segment."""
    drivers = pd.DataFrame(
        [
            {
                "theme_id": t,
                "label_fr": fr,
                "label_en": en,
                "responses": size,
                "share_detractors": 0.25 * lift,
                "share_promoters": 0.45 / lift,
                "theme_nps": tnps,
                "impact": imp,
                "impact_ci_low": lo,
                "impact_ci_high": hi,
                "lift": lift,
                "odds_ratio": lift * 1.2,
                "p_value": q / 3,
                "q_value": q,
            }
            for t, en, fr, size, tnps, imp, lo, hi, lift, q, _ in _THEMES
        ]
    )
    top_det = (
        drivers[drivers["impact"] < 0]
        .sort_values("impact")
        .assign(rank=lambda d: range(1, len(d) + 1))
    )
    top_pro = drivers[drivers["impact"] > 0].sort_values("impact", ascending=False)
    top_pro = top_pro.assign(rank=range(1, len(top_pro) + 1))
    themes = pd.DataFrame(
        [
            {
                "theme_id": t,
                "label_fr": fr,
                "label_en": en,
                "keywords_fr": [fr.split()[0].lower(), "délai"],
                "keywords_en": [en.split()[0].lower(), "late"] + ([example_text] if t == 3 else []),
                "size": size,
                "status": status,
                "examples": [
                    {
                        "text": f"Sample comment about {en.lower()}.",
                        "language": "en",
                        "response_id": f"r{t}a",
                    },
                    {
                        "text": f"Commentaire sur {fr.lower()}.",
                        "language": "fr",
                        "response_id": f"r{t}b",
                    },
                ]
                + (
                    [{"text": example_text, "language": "en", "response_id": "r-x"}]
                    if t == 1
                    else []
                ),
            }
            for t, en, fr, size, _, _, _, _, _, _, status in _THEMES
        ]
    )
    heat = []
    for segment, values in (
        ("Canal", ["Application", "Web", "Magasin"]),
        ("Région", ["Nord", "Sud"]),
    ):
        for j, value in enumerate(values):
            for t, _, _, size, tnps, *_ in _THEMES:
                heat.append(
                    {
                        "segment": segment,
                        "value": value,
                        "theme_id": t,
                        "responses": size // (j + 2),
                        "share": min(0.6, size / 800 * (1 + 0.6 * ((t + j) % 3))),
                        "theme_nps": tnps + 7 * j,
                    }
                )
    heat.append(
        {
            "segment": "Canal",
            "value": example_text,
            "theme_id": 1,
            "responses": 3,
            "share": 0.1,
            "theme_nps": 0,
        }
    )
    alerts = pd.DataFrame(
        [
            {
                "theme_id": 2,
                "period": "2026-10",
                "share_now": 0.114,
                "share_before": 0.041,
                "ratio": 2.78,
                "p_value": 0.0002,
                "q_value": 0.0011,
                "kind": "surge",
                "examples": ["The app crashes at checkout since the update.", example_text],
            },
            {
                "theme_id": 3,
                "period": "2026-10",
                "share_now": 0.038,
                "share_before": 0.0,
                "ratio": None,
                "p_value": 0.004,
                "q_value": 0.012,
                "kind": "new",
                "examples": ["Des frais apparaissent au paiement, pas annoncés avant."],
            },
        ]
    )
    return ReportData(
        title="Verbatim — NPS theme report",
        generated_at=datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        period_label="2026-04-01 → 2026-10-31",
        headline={
            "responses": 2790,
            "promoters": 1230,
            "passives": 812,
            "detractors": 748,
            "nps": 17.3,
            "ci_low": 14.1,
            "ci_high": 20.4,
            "response_rate": 0.312,
            "invited": 8942,
            "period": "2026-10",
            "period_complete": True,
            "period_responses": 410,
            "period_nps": 12.2,
            "period_ci_low": 4.6,
            "period_ci_high": 19.5,
            "previous_period": "2026-09",
            "previous_nps": 14.9,
            "change": -2.7,
            "change_ci_low": -13.1,
            "change_ci_high": 7.7,
            "change_p_value": 0.61,
            "change_significant": False,
        },
        nps_by_period=_nps_frame(),
        drivers=drivers,
        top_detractors=top_det,
        top_promoters=top_pro,
        themes=themes,
        segment_heatmap=pd.DataFrame(heat),
        alerts=alerts,
        run={
            "run_id": "run-20261101-0630",
            "started_at": datetime(2026, 11, 1, 6, 0),
            "version": "0.1.0",
            "counts": {"responses": 2790, "mentions": 4105, "rejects": 3},
        },
    )


def empty_report_data() -> ReportData:
    empty = pd.DataFrame()
    return ReportData(
        title="Empty report",
        generated_at=datetime(2026, 11, 1, 6, 30),
        period_label="no data",
        headline={"responses": 0},
        nps_by_period=empty,
        drivers=empty,
        top_detractors=empty,
        top_promoters=empty,
        themes=empty,
        segment_heatmap=empty,
        alerts=empty,
        run={},
    )


@pytest.fixture(scope="module")
def report_html() -> str:
    return render_html(make_report_data())


# --- HTML -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [SCRIPT, '<img src=x onerror="alert(2)">', "</svg><script>alert(3)</script>", "a & b < c"],
)
def test_report_escapes_text_from_data(payload):
    data = make_report_data(example_text=payload)
    data.drivers.loc[0, "label_en"] = payload  # reaches SVG bar labels and their tooltips
    data.top_detractors.loc[data.top_detractors.index[0], "label_en"] = payload
    html = render_html(data)
    body = html.split("<body>", 1)[1]
    assert payload not in html
    escaped = payload.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped in body or escaped.replace('"', "&#34;") in body
    # only the report's own script element, with no data inside it
    assert len(re.findall(r"<script\b", html)) == 1


def test_report_escapes_script_verbatim_everywhere(report_html):
    assert SCRIPT not in report_html
    # example in the theme table, alert verbatim, keyword, segment value
    assert report_html.count(ESCAPED_SCRIPT) >= 4


@pytest.mark.parametrize(
    "section,heading",
    [
        ("summary", "NPS"),
        ("alerts", "Alerts"),
        ("trend", "NPS by period"),
        ("drivers", "What drives detraction and promotion"),
        ("themes", "Themes"),
        ("segments", "Segments × themes"),
        ("method", "How the figures are computed"),
    ],
)
def test_report_sections_present(report_html, section, heading):
    assert f'id="{section}"' in report_html
    assert heading in report_html


def test_report_headline_figures(report_html):
    # the last complete period, its change against the one before, and all periods
    assert "NPS 2026-10" in report_html
    assert '<div class="kpi-value nps-value">12.2</div>' in report_html
    assert "95% interval [4.6, 19.5] · 410 responses" in report_html
    assert "All periods: NPS 17.3 [14.1, 20.4]" in report_html
    assert "Change vs 2026-09" in report_html
    assert "▼ −2.7" in report_html
    assert "95% interval of the change [−13.1, 7.7] · may be noise (p 0.61)" in report_html
    assert "response rate 31.2% of 8,942 invited" in report_html


@pytest.mark.parametrize(
    "phrase",
    [
        "adjusted Wald",
        "Benjamini–Hochberg",
        "Fisher",
        "χ²",
        "odds ratio",
        "Adjusted odds ratios",
        "impacts overlap and need not sum",
        "Detractor lift",
    ],
)
def test_report_methodology_explains(report_html, phrase):
    method = report_html.split('id="method"', 1)[1].lower()
    assert phrase.lower() in method


def test_report_methodology_override_is_escaped():
    data = make_report_data()
    data.methodology = "First <b>paragraph</b>.\n\nSecond paragraph."
    html = render_html(data)
    method = html.split('id="method"', 1)[1]
    assert "<p>First &lt;b&gt;paragraph&lt;/b&gt;.</p>" in method
    assert "<p>Second paragraph.</p>" in method
    assert "adjusted Wald" not in method


def test_report_marks_significant_drivers_and_new_themes(report_html):
    charts = report_html.split('id="drivers"', 1)[1].split('id="themes"', 1)[0]
    # 6 of 7 planted themes have q < 0.05; Hidden fees (q=0.21) and Good prices (q=0.34) do not
    assert charts.count('class="bar-row significant"') == 5
    assert charts.count('class="bar-row"') == 2
    assert '<span class="badge badge-new">new</span>' in report_html
    assert '<span class="badge badge-surge">Surge</span>' in report_html


def test_report_is_self_contained(report_html):
    assert not re.search(r"""\b(src|href)\s*=\s*["']?(https?:)?//""", report_html)
    assert "<link" not in report_html and "@import" not in report_html and "url(" not in report_html
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', report_html).group(1)
    assert "default-src 'none'" in csp
    script = re.search(r"<script>(.*?)</script>", report_html, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_report_does_not_mutate_inputs(tmp_path):
    data = make_report_data()
    names = ("drivers", "top_detractors", "themes", "segment_heatmap", "alerts")
    before = {name: getattr(data, name).copy(deep=True) for name in names}
    render_html(data)
    write_xlsx(data, tmp_path / "report.xlsx")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(data, name), frame)


def test_report_empty_data_renders(tmp_path):
    html = render_html(empty_report_data())
    assert "No alerts" in html
    assert "No NPS figures by period." in html
    assert "No detraction drivers to show." in html and "No promotion drivers to show." in html
    assert "No themes yet" in html
    assert "No segment breakdown" in html
    assert "no earlier period to compare with" in html
    path = write_xlsx(empty_report_data(), tmp_path / "empty.xlsx")
    assert load_workbook(path).sheetnames == SHEETS


def test_report_single_period_draws_interval_without_line():
    data = make_report_data()
    data.nps_by_period = _nps_frame().iloc[[-1]]
    html = render_html(data)
    trend = html.split('id="trend"', 1)[1].split('id="drivers"', 1)[0]
    assert "one period only" in trend
    assert "<polyline" not in trend
    assert trend.count('class="trend-point"') == 1
    assert '<rect class="trend-band"' in trend


def test_report_missing_required_column_names_it():
    data = make_report_data()
    data.drivers = data.drivers.drop(columns="impact")
    with pytest.raises(ValueError, match=r"ReportData\.drivers lacks required column\(s\) impact"):
        render_html(data)


def test_report_reads_lists_stored_as_json_text():
    data = make_report_data()
    data.themes = data.themes.assign(
        examples='[{"text": "Livraison en retard de 3 jours", "language": "fr"}]',
        keywords_en='["parcel", "late"]',
    )
    html = render_html(data)
    assert "Livraison en retard de 3 jours" in html and "&#34;text&#34;" not in html
    assert '<span class="kw l-en">parcel</span>' in html


def test_report_write_html_creates_file(tmp_path):
    path = write_html(make_report_data(), tmp_path / "out" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# --- spreadsheets -----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_report_neutralise_formula_prefixes(prefix):
    value = prefix + "SUM(A1:A9)"
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Très bien", "", "1 = 1", "'=already", 5, -3.5, None, True])
def test_report_neutralise_leaves_safe_values(value):
    assert neutralise(value) == value


def test_report_xlsx_round_trip(tmp_path):
    data = make_report_data(example_text=FORMULA)
    path = write_xlsx(data, tmp_path / "report.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == SHEETS
    headers = {name: [c.value for c in wb[name][1]] for name in SHEETS}
    assert headers["NPS by period"] == [
        "period",
        "responses",
        "promoters",
        "passives",
        "detractors",
        "nps",
        "ci_low",
        "ci_high",
    ]
    assert headers["Drivers"][:14] == [
        "theme_id",
        "label_fr",
        "label_en",
        "responses",
        "share_detractors",
        "share_promoters",
        "theme_nps",
        "impact",
        "impact_ci_low",
        "impact_ci_high",
        "lift",
        "odds_ratio",
        "p_value",
        "q_value",
    ]
    assert headers["Themes"] == [
        "theme_id",
        "label_fr",
        "label_en",
        "keywords_fr",
        "keywords_en",
        "size",
        "status",
        "examples",
        "kind",
        "parent_id",
        "polarity",
        "level",
        "praise_share",
        "complaint_share",
        "concept",
    ]
    assert headers["Segments x themes"] == [
        "segment",
        "value",
        "theme_id",
        "responses",
        "share",
        "theme_nps",
    ]
    assert headers["Alerts"][0] == "theme_id" and "examples" in headers["Alerts"]
    # numbers stay numbers
    drivers = wb["Drivers"]
    assert drivers.cell(row=2, column=8).value == pytest.approx(-9.6)
    # the planted formula: neutralised as a segment value, never stored as a formula
    values = [c.value for row in wb["Segments x themes"].iter_rows(min_row=2) for c in row]
    assert "'" + FORMULA in values
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate, c.value)
    summary = dict(wb["Summary"].iter_rows(min_row=2, values_only=True))
    assert summary["nps"] == pytest.approx(17.3)
    assert summary["invited"] == 8942


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_report_write_table_neutralises_every_text_cell(tmp_path, fmt):
    df = pd.DataFrame(
        {
            "customer_id": ["c1", "c2", "c3"],
            "score": [2, 9, 5],
            "comment": ["=1+1", "Très déçu, l'appli plante", "-négatif"],
            "segment": ["@home", "Web", "\tTab"],
        }
    )
    path = write_table(df, tmp_path / f"callbacks.{fmt}", format=fmt)
    if fmt == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        back = pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False)
    else:
        back = pd.read_excel(path, keep_default_na=False)
    assert list(back.columns) == ["customer_id", "score", "comment", "segment"]
    assert back["comment"].tolist() == ["'=1+1", "Très déçu, l'appli plante", "'-négatif"]
    assert back["segment"].tolist() == ["'@home", "Web", "'\tTab"]
    assert back["score"].tolist() == [2, 9, 5]
    assert df["comment"][0] == "=1+1"  # input untouched


def test_report_write_table_infers_format_and_drops_illegal_characters(tmp_path):
    df = pd.DataFrame(
        {"id": ["a", "b"], "comment": ["bad\x01char", None], "n": [1.5, float("nan")]}
    )
    path = write_table(df, tmp_path / "list.xlsx")
    ws = load_workbook(path).active
    assert ws.title == "list"
    assert list(ws.iter_rows(min_row=2, values_only=True)) == [
        ("a", "bad\ufffdchar", 1.5),
        ("b", None, None),
    ]


@pytest.mark.parametrize("fmt", ["pdf", "json"])
def test_report_write_table_rejects_unknown_format(tmp_path, fmt):
    with pytest.raises(
        VerbatimError, match=rf"\[E302\] Invalid value for format: '{fmt}'\. Use one of: csv, xlsx"
    ):
        write_table(pd.DataFrame({"a": [1]}), tmp_path / "x.csv", format=fmt)


def _tricky_table() -> pd.DataFrame:
    """Every kind of value a follow-up list can hold, repeated so that distinct values recur."""
    import numpy as np

    when = pd.Timestamp("2026-10-31 09:15:30.25")
    rows = {
        "comment": [
            FORMULA,
            "+33 6 12 34 56 78",
            "ligne 1\nligne 2",
            " espaces ",
            "#N/A",
            "a & b < c > d {0}",
            "bad\x01char",
            "x" * 40_000,
            "",
            None,
        ],
        "score": pd.array([0, 1, 2, 3, None, 5, 6, 7, 8, 9], dtype="Int64"),
        "ratio": [0.1 + 0.2, 1 / 3, -0.0, 0.0, float("nan"), float("inf"), 2.5, 1e300, -7.0, 42.0],
        "flag": [True, False] * 5,
        "mixed": [1, "=1", 2.5, None, True, [SCRIPT, "b"], {"text": "-t"}, "x", 3, "y"],
        "responded_at": [when, None, when, when, when, when, None, when, when, when],
        "utc": pd.Series([when] * 10).dt.tz_localize("Europe/Paris"),
        "day": [datetime(2026, 1, 2).date()] * 9 + [None],
        "segment": pd.Categorical(["Web", "@App"] * 5),
        "=evil": ["Web"] * 10,
    }
    df = pd.DataFrame(rows)
    return pd.concat([df, df], ignore_index=True).assign(n=np.arange(20))


def _cells(path):
    from openpyxl.utils import get_column_letter

    wb = load_workbook(path)
    ws = wb.active
    cells = [
        (
            c.coordinate,
            c.value,
            c.data_type,
            c.number_format,
            c.font.b,
            c.fill.fill_type,
            # the colour, not its alpha byte, which Excel ignores (openpyxl 00, XlsxWriter FF)
            c.fill.fgColor.rgb[-6:] if c.fill.fill_type else None,
            c.alignment.wrap_text,
            c.alignment.vertical,
        )
        for row in ws.iter_rows()
        for c in row
    ]
    # every column's width, whether the file gives adjacent equal widths one range or not
    widths = {
        get_column_letter(i): d.width
        for d in ws.column_dimensions.values()
        for i in range(d.min, d.max + 1)
    }
    return ws.title, ws.freeze_panes, ws.auto_filter.ref, widths, wb.defined_names, cells


def test_report_write_table_xlsx_matches_openpyxl_sheet(tmp_path):
    """write_table's XLSX gives, cell for cell, the workbook openpyxl's write_sheet gives.

    Except where openpyxl does not keep text as text: it stores "#N/A" as Excel's error value
    and "" as no value; write_table keeps both as the text they are.
    """
    from openpyxl import Workbook

    from verbatim.pipelines.steps.report.safe import write_sheet

    df = _tricky_table()
    fast = write_table(df, tmp_path / "fast.xlsx", sheet="it's [a] list")
    wb = Workbook()
    wb.active.title = "it's  a  list"
    write_sheet(wb.active, df)
    wb.save(tmp_path / "ref.xlsx")
    got, want = _cells(fast), _cells(tmp_path / "ref.xlsx")
    assert got[:4] == want[:4]
    assert len(got[3]) == df.shape[1]

    def as_text(cell):
        coordinate, value, data_type, *style = cell
        if data_type in ("e", "inlineStr"):
            return (coordinate, "" if value is None else value, "s", *style)
        return cell

    assert got[5] == [as_text(c) for c in want[5]]
    # neutralised, never a formula; a long comment truncated to Excel's limit
    values = {c[0]: c for c in got[5]}
    assert values["A2"][1:3] == ("'" + FORMULA, "s")
    assert values["J1"][1] == "'=evil"
    assert values["A9"][1] == "x" * 32767
    assert values["A6"][1:3] == ("#N/A", "s")  # text, not Excel's error value
    assert values["A10"][1:3] == ("", "s")
    assert values["A1"][4:7] == (True, "solid", "1F3A5F")  # the header
    assert all(c[2] not in ("f", "e") for c in got[5])
    assert df["comment"][0] == FORMULA  # input untouched


HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    # the shape of XlsxWriter's rich-string XML, which write_string copies into the file as is
    '<r><t>x</t></r></is></c><c r="B1" t="str"><f>HYPERLINK("http://x","y")</f><v>y</v></c>'
    '<c r="C1" t="inlineStr"><is><r><t>z</t></r>',
    "<r>une\nligne</r>",
    "1e3",
    "00123",
    "TRUE",
    "#DIV/0!",
    "2026-01-02",
    "http://x.example",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_report_write_table_xlsx_keeps_hostile_text_literal(tmp_path, text):
    df = pd.DataFrame({"comment": [text], text: [1]})
    path = write_table(df, tmp_path / "hostile.xlsx")
    ws = load_workbook(path).active
    cells = [c for row in ws.iter_rows() for c in row]
    want = neutralise(text).replace("\r", "\n")  # a cell's line break is "\n"
    # the exact text, neutralised where a spreadsheet would run it; one cell each, no formula
    assert [(c.coordinate, c.value, c.data_type) for c in cells] == [
        ("A1", "comment", "s"),
        ("B1", want, "s"),
        ("A2", want, "s"),
        ("B2", 1, "n"),
    ]
    assert pd.read_excel(path, dtype=str)["comment"].tolist() == [want]


def test_report_write_table_xlsx_escapes_like_excel(tmp_path):
    """Text that looks like the format's own ``_xHHHH_`` escape is stored escaped.

    Excel shows the literal text; openpyxl does not unescape inline strings, so reading it
    there takes ``openpyxl.utils.escape.unescape``.
    """
    from openpyxl.utils.escape import unescape

    text = "fichier_x0041_.txt"
    path = write_table(pd.DataFrame({"comment": [text]}), tmp_path / "escape.xlsx")
    value = load_workbook(path).active["A2"].value
    assert value == "fichier_x005F_x0041_.txt"
    assert unescape(value) == text


def test_report_write_table_xlsx_is_not_stamped_openpyxl(tmp_path):
    import zipfile

    path = write_table(pd.DataFrame({"comment": ["ok"]}), tmp_path / "list.xlsx")
    with zipfile.ZipFile(path) as zf:
        props = {
            name: zf.read(name).decode() for name in zf.namelist() if name.startswith("docProps/")
        }
    assert set(props) == {"docProps/app.xml", "docProps/core.xml"}
    assert not any("openpyxl" in xml.lower() for xml in props.values())


@pytest.mark.parametrize("rows", [1_048_576])
def test_report_write_table_xlsx_refuses_more_rows_than_excel(tmp_path, rows):
    df = pd.DataFrame({"n": pd.RangeIndex(rows)})
    with pytest.raises(ValueError, match=r"1048576 rows x 1 columns does not fit an XLSX sheet"):
        write_table(df, tmp_path / "big.xlsx")
    assert not list(tmp_path.iterdir())  # no partial file left


@pytest.mark.parametrize("columns", [[], ["comment"]])
def test_report_write_table_xlsx_without_rows(tmp_path, columns):
    path = write_table(pd.DataFrame(columns=columns), tmp_path / "empty.xlsx")
    ws = load_workbook(path).active
    assert ws.title == "empty"
    assert [c.value for row in ws.iter_rows() for c in row] == columns
    assert ws.auto_filter.ref == ("A1" if columns else None)
    assert ws.freeze_panes == ("A2" if columns else None)


def test_report_write_table_csv_is_one_cell_value_per_item(tmp_path):
    """CSV rows are ``cell_value`` of each item, whatever the column's type."""
    import csv
    import io

    from verbatim.pipelines.steps.report.safe import cell_value

    df = _tricky_table()
    path = write_table(df, tmp_path / "list.csv")
    want = io.StringIO(newline="")
    writer = csv.writer(want)
    writer.writerow([cell_value(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        writer.writerow(["" if (v := cell_value(x)) is None else v for x in row])
    assert path.read_bytes() == b"\xef\xbb\xbf" + want.getvalue().encode("utf-8")
