"""Report rendering: the HTML theme report, the Excel workbook, and spreadsheet-safe table exports."""

from verbatim.pipelines.report.data import ReportData
from verbatim.pipelines.report.html import render_html, write_html
from verbatim.pipelines.report.safe import neutralise, write_table
from verbatim.pipelines.report.xlsx import write_xlsx

__all__ = ["ReportData", "neutralise", "render_html", "write_html", "write_table", "write_xlsx"]
