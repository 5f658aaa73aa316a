"""A letter as an A4 PDF, drawn with fpdf2 from the same blocks as the printable page.

The PDF uses the standard Helvetica font, which every reader has, so nothing is embedded; its
character set is Latin-1, so typographic punctuation is mapped to plain equivalents and anything
else outside it is replaced by a question mark rather than refused.
"""

from __future__ import annotations

from fpdf import FPDF

from saferplaces.asb.letters import LetterView

_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...",
                        "•": "-", "\u00a0": " ", "\u2009": " "})


def latin1(text: str) -> str:
    return text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")


def letter_pdf(view: LetterView) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_title(latin1(f"{view.title} {view.reference}"))
    pdf.set_author(latin1(view.agency))
    pdf.set_creator("Safer Places")
    pdf.set_margins(22, 20, 22)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("Helvetica", size=11)
    for line in (view.agency, f"{view.written_on.day} {view.written_on:%B %Y}", f"Reference: {view.reference}"):
        pdf.cell(width, 6, latin1(line), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    for line in [view.recipient.name, *view.recipient.address_lines()]:
        pdf.cell(width, 6, latin1(line), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font("Helvetica", style="B", size=16)
    pdf.multi_cell(width, 8, latin1(view.title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)

    for block in view.blocks:
        if block.heading:
            pdf.set_font("Helvetica", style="B", size=13)
            pdf.multi_cell(width, 7, latin1(" ".join(block.lines)), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1)
        else:
            pdf.set_font("Helvetica", size=11)
            pdf.multi_cell(width, 6, latin1("\n".join(block.lines)), new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)

    pdf.ln(12)
    pdf.set_font("Helvetica", size=11)
    pdf.cell(width, 6, latin1(f"Signed: ______________________   for {view.agency}"), new_x="LMARGIN", new_y="NEXT")
    signer = view.officer + (f", {view.officer_job_title}" if view.officer_job_title else "")
    pdf.cell(width, 6, latin1(signer), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
