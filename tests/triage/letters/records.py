"""Small records of each type a production accepts, as bytes."""

import io
import zipfile

CSV = b"user_id,email,created\r\n48213377,lena.ward@example.net,2024-02-01\r\n"
JSON = b'{"meetings": [{"id": "812 3344 5566", "host": "lena.ward@example.net"}]}'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 200


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()
