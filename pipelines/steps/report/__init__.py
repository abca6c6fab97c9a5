"""Report rendering: the HTML theme report, the Excel workbook, and spreadsheet-safe table exports."""

from verbatim.pipelines.steps.report.data import ReportData
from verbatim.pipelines.steps.report.html import render_html, write_html
from verbatim.pipelines.steps.report.safe import neutralise, write_table
from verbatim.pipelines.steps.report.xlsx import write_xlsx

__all__ = ["ReportData", "neutralise", "render_html", "write_html", "write_table", "write_xlsx"]
