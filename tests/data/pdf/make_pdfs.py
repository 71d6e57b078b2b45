"""Makes the report-like PDFs the tests and benchmarks/bench_pdf.py read (run once; the PDFs
are committed). Each PDF's text, page by page, is written beside it as NAME.pages.json: the
ground truth. Needs reportlab (the `bench` extra)."""

from __future__ import annotations

import json
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent

REPORT = [
    [
        "Ministry of Health",
        "Weekly casualty report",
        "Published 11 November 2024",
        "Summary",
        "Since 7 October 2023 the ministry has recorded 43,603 people killed",
        "and 102,929 people injured in the Gaza Strip.",
        "In the past 48 hours hospitals received 50 people killed and 145 injured.",
    ],
    [
        "Table 1. Casualties by governorate",
        "Governorate    Killed    Injured",
        "North Gaza     9,112     18,204",
        "Gaza City      12,630    27,415",
        "Khan Younis    8,950     22,310",
        "Rafah          5,402     12,088",
        "Many victims remain under the rubble and on the roads,",
        "where ambulance and civil defence crews cannot reach them.",
    ],
    [
        "Methodology",
        "Figures are compiled from hospital records and the reports of families.",
        "A person is counted once, by identity number, when a death is registered.",
        "The next report will be published on 18 November 2024.",
    ],
]
BUDGET = [
    [
        "Northfield Council",
        "Budget statement 2025/26",
        "The council will raise council tax by 4.9 per cent from April 2025.",
        "Band D households will pay 2,134 pounds a year, an increase of 99.68 pounds.",
        "The bus subsidy of 1.2 million pounds is kept for a further year.",
    ],
    [
        "Capital programme",
        "Road repairs: 6.4 million pounds over three years.",
        "New library in Westgate: 3.1 million pounds, to open in 2027.",
        "The programme is funded by borrowing of 4 million pounds and grants.",
    ],
]


def write(name: str, pages: list[list[str]]) -> None:
    pdf = canvas.Canvas(str(HERE / f"{name}.pdf"), pagesize=A4, invariant=True)
    pdf.setTitle(pages[0][1])
    for number, lines in enumerate(pages, 1):
        y = 27 * cm
        for index, line in enumerate(lines):
            font = ("Helvetica-Bold", 14) if index == 0 else ("Helvetica", 11)
            pdf.setFont(*font)
            pdf.drawString(2.5 * cm, y, line)
            y -= 0.8 * cm
        pdf.setFont("Helvetica", 9)
        pdf.drawString(10 * cm, 1.5 * cm, f"Page {number} of {len(pages)}")
        pdf.showPage()
    pdf.save()
    truth = [lines + [f"Page {n} of {len(pages)}"] for n, lines in enumerate(pages, 1)]
    (HERE / f"{name}.pages.json").write_text(json.dumps(truth, indent=1) + "\n", "utf-8")


def scanned() -> None:
    """A page that is only a picture: grey boxes where a scan would have its text."""
    pdf = canvas.Canvas(str(HERE / "scanned.pdf"), pagesize=A4, invariant=True)
    for _ in range(2):
        for row in range(30):
            pdf.setFillGray(0.3 + 0.02 * (row % 10))
            pdf.rect(2.5 * cm, 27 * cm - row * 0.8 * cm, 15 * cm, 0.4 * cm, stroke=0, fill=1)
        pdf.showPage()
    pdf.save()


if __name__ == "__main__":
    write("casualty_report", REPORT)
    write("budget_statement", BUDGET)
    scanned()
