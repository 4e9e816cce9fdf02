"""PDF and DOCX inputs: built here in-process (no binary fixtures), read into articles, bad files as clear errors."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.readers import read_bytes, read_inputs, reader_for
from summarizer.readers.base import ReadError
from summarizer.readers.pdf import NO_TEXT_LAYER, dehyphenate

BODY = "The harbour authority approved a new ferry route linking the two islands from next spring."


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal valid PDF: one Helvetica text line per string, an info dictionary when ``title`` is given."""
    objects: list[bytes] = []
    page_ids = [4 + 2 * i for i in range(len(pages))]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{i} 0 R" for i in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for lines in pages:
        ops = "".join(f"BT /F1 11 Tf 72 {760 - 16 * n} Td ({_escape(line)}) Tj ET\n" for n, line in enumerate(lines))
        stream = ops.encode("latin-1") if lines else b"0 0 m 100 100 l S\n"  # a drawing, no text: a "scan"
        page_id = len(objects) + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {page_id + 1} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"endstream")
    info_id = None
    if title is not None:
        objects.append(f"<< /Title ({_escape(title)}) >>".encode("latin-1"))
        info_id = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    info = f" /Info {info_id} 0 R" if info_id else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def make_docx(paragraphs: list[tuple[str, str | None]], title: str | None = None) -> bytes:
    """A DOCX written by python-docx: ``(text, style)`` pairs, a core-properties title when given."""
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def encrypted_pdf(password: str = "secret") -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(make_pdf([["Secret plans", BODY]]))))
    writer.encrypt(user_password=password, owner_password="owner", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_pdf_title_from_metadata_and_pages_as_paragraphs() -> None:
    data = make_pdf([["Ferry route approved", BODY], ["Work starts in March."]], title="Island ferry")
    [article] = read_bytes(data, "ferry.pdf", Path("ferry.pdf"))
    assert article.title == "Island ferry"
    assert "harbour authority approved" in article.text and "Work starts in March." in article.text
    assert "\n\n" in article.text  # one page, one block
    assert not article.notes


def test_pdf_encrypted_with_an_empty_password_is_read() -> None:
    [article] = read_bytes(encrypted_pdf(password=""), "open.pdf", Path("open.pdf"))
    assert article.title == "Secret plans" and article.text == BODY


def test_pdf_title_from_first_line_without_metadata() -> None:
    [article] = read_bytes(make_pdf([["Ferry route approved", BODY]]), "ferry.pdf", Path("ferry.pdf"))
    assert article.title == "Ferry route approved"
    assert article.text.startswith("The harbour authority")


def test_pdf_and_docx_are_sniffed_without_a_suffix() -> None:
    assert reader_for(Path("download"), make_pdf([["A", BODY]])[:4096]).name == "pdf"  # type: ignore[union-attr]
    assert reader_for(Path("download"), make_docx([(BODY, None)])[:4096]).name == "docx"  # type: ignore[union-attr]
    [article] = read_bytes(make_pdf([["Ferry", BODY]]), "<stdin>", Path("stdin"))
    assert article.title == "Ferry"


def test_pdf_page_cap_adds_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    import summarizer.readers.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    data = make_pdf([["Page one", BODY], ["Page two"], ["Page three"]])
    [article] = read_bytes(data, "long.pdf", Path("long.pdf"))
    assert "Page two" in article.text and "Page three" not in article.text
    assert article.notes == ("the PDF has 3 pages; only the first 2 were read",)


def test_dehyphenation_only_when_obviously_safe() -> None:
    assert dehyphenate("the ferry oper-\nates daily") == "the ferry operates\n daily"
    assert dehyphenate("a well-known route, well-\nknown to all") == "a well-known route, well-\nknown to all"
    assert dehyphenate("Anglo-\nSaxon and 2019-\n2020") == "Anglo-\nSaxon and 2019-\n2020"


def test_docx_title_from_metadata_else_heading_and_paragraphs_with_blank_lines() -> None:
    paragraphs = [("Ferry route approved", "Heading 1"), (BODY, None), ("Work starts in March.", None)]
    [by_heading] = read_bytes(make_docx(paragraphs), "ferry.docx", Path("ferry.docx"))
    assert by_heading.title == "Ferry route approved"
    assert by_heading.text == f"{BODY}\n\nWork starts in March."
    [by_meta] = read_bytes(make_docx(paragraphs, title="Island ferry"), "ferry.docx", Path("ferry.docx"))
    assert by_meta.title == "Island ferry"
    assert by_meta.text.startswith("Ferry route approved\n\n")
    [plain] = read_bytes(make_docx([(BODY, None), ("More.", None)]), "x.docx", Path("x.docx"))
    assert plain.title == "The harbour authority approved a new ferry route linking the two islands from next spring"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("scan.pdf", make_pdf([[], []]), NO_TEXT_LAYER),
        ("locked.pdf", encrypted_pdf(), "the PDF is encrypted"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R\ngarbage", "the PDF is damaged"),
        ("broken.docx", b"PK\x03\x04 this is not really a zip file at all", "the DOCX file is damaged"),
        ("other.docx", b"", "not a Word document"),
        ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password-protected"),
    ],
)
def test_bad_files_are_clear_errors_and_the_good_file_beside_them_is_read(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    if name == "other.docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as package:
            package.writestr("xl/workbook.xml", "<workbook/>")
        data = buffer.getvalue()
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.pdf").write_bytes(make_pdf([["Ferry route approved", BODY]]))
    bridge = "The old bridge reopened after two years of repairs to its deck."
    (tmp_path / "good.docx").write_bytes(make_docx([("Bridge reopens", "Title"), (bridge, None)]))
    result = read_inputs([str(tmp_path / name), str(tmp_path / "good.pdf"), str(tmp_path / "good.docx")])
    assert [a.title for a in result.articles] == ["Ferry route approved", "Bridge reopens"]
    [error] = result.errors
    assert error.input.endswith(name) and reason in error.error
    assert "Traceback" not in error.error and "unexpected error" not in error.error


def test_the_byte_cap_applies_to_pdf_and_docx(tmp_path: Path) -> None:
    from summarizer.config.reading import ReadOptions

    (tmp_path / "big.pdf").write_bytes(make_pdf([["Big", BODY * 40]]))
    result = read_inputs([str(tmp_path / "big.pdf")], options=ReadOptions(max_input_bytes=1000))
    assert not result.articles and "size cap" in result.errors[0].error


def test_extract_reads_a_folder_with_pdf_and_docx(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.pdf").write_bytes(make_pdf([["Ferry route approved", BODY]], title="Island ferry"))
    (inbox / "bridge.docx").write_bytes(make_docx([("Bridge reopens", "Heading 1"), (BODY + " The bridge too.", None)]))
    result = CliRunner().invoke(app, ["extract", str(inbox)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(r["title"] for r in records) == ["Bridge reopens", "Island ferry"]
    assert all("harbour authority" in r["text"] for r in records)


def test_reader_errors_are_read_errors() -> None:
    with pytest.raises(ReadError, match="no text layer"):
        read_bytes(make_pdf([[]]), "scan.pdf", Path("scan.pdf"))
