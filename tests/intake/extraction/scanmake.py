"""Scans made in the test: text drawn with a TrueType font on a page image at 300 dpi, saved
by Pillow as a PDF that has no text layer (only the image), as a scanner makes it."""

import io

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian's fonts-dejavu-core
WIDTH, HEIGHT = 2550, 3300  # US Letter at 300 dpi

SUBPOENA = """FEDERAL BUREAU OF INVESTIGATION
Cleveland Field Office
1501 Lakeside Avenue, Cleveland, OH 44114

SUBPOENA TO PRODUCE RECORDS

To: Custodian of Records

You are commanded to produce all subscriber records, including
IP addresses used to log in, for the account user dana.whitfield@example.com,
no later than April 15, 2027.

/s/ Special Agent Marcus Reyes
Federal Bureau of Investigation
Email: marcus.reyes@fbi.gov
Phone: (216) 555-0142"""

FRENCH = """Objet : Réquisition judiciaire - commission rogatoire n° 26/00412

Madame, Monsieur,

Agissant en exécution de la commission rogatoire délivrée le 24 février 2026
par Mme la juge d'instruction du tribunal judiciaire de Lyon, je vous prie de
bien vouloir me communiquer les données d'identification et les adresses IP
de connexion associées au compte utilisateur lucas.vernier@laposte.net.

Merci de me faire parvenir votre réponse au plus tard le 05/05/2026.

Signé : Capitaine Élodie Marchand
Direction interdépartementale de la Police nationale du Rhône
Tél. : +33 4 72 00 12 34
Courriel : elodie.marchand@interieur.gouv.fr"""


def page_image(text: str) -> Image.Image:
    font = ImageFont.truetype(FONT, 42)  # about 10 pt at 300 dpi
    image = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(text.splitlines()):
        draw.text((250, 250 + 68 * number), line, font=font, fill=0)
    return image


def scan_pdf(*pages: str) -> bytes:
    """One scanned page per text."""
    images = [page_image(text) for text in pages]
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return out.getvalue()
