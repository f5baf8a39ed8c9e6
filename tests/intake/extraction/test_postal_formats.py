# ruff: noqa: RUF001 - French addresses are written with en dashes
"""The agency's postal address in the layouts of several countries, never the recipient's."""

import pytest

from intake.extraction.contact import find_address


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Assistant United States Attorney\n700 Pine Street, Suite 510\n"
            "Tacoma, Washington 98402-1271\nTelephone: (253) 555-0100\n",
            "700 Pine Street, Suite 510, Tacoma, Washington 98402-1271",
        ),
        (
            "Sachbearbeiter: KHK Jonas Roth\n\nDienstgebäude: Am Justizplatz 13, 50939 Köln\n",
            "Am Justizplatz 13, 50939 Köln",
        ),
        (
            "   Address                | Lindenstraat 54, 3972 LB Driebergen\n",
            "Lindenstraat 54, 3972 LB Driebergen",
        ),
        (
            "Adres: Kartal Adliyesi, Cevizli Mah. Tugay Yolu Cad. No:2 Kartal/İSTANBUL\n",
            "Kartal Adliyesi, Cevizli Mah. Tugay Yolu Cad. No:2 Kartal/İSTANBUL",
        ),
        ("LKA NW, Bergstraße 85, 70372 Stuttgart\n", "Bergstraße 85, 70372 Stuttgart"),
        (
            "The records go to Detective Kim Lee, Northfield Police Department, 4801 West\n"
            "50th Street, Northfield, MN 55424, telephone (952) 555-0199.\n",
            "4801 West 50th Street, Northfield, MN 55424",
        ),
        (
            "CYBER POLICE\nCyber Police Station, Lakeside City\nKadavanthra, Kochi - 682 020\n",
            "Kadavanthra, Kochi - 682 020",
        ),
        (
            "UNIDAD FISCAL\nSarmiento 663, piso 6º, C1041AAM, Ciudad Autónoma de Buenos Aires\n",
            "Sarmiento 663, piso 6º, C1041AAM, Ciudad Autónoma de Buenos Aires",
        ),
        (
            "Brigade de recherches\nCaserne Lavoisier – 5, rue de Rennes – 35000 RENNES\n",
            "Caserne Lavoisier – 5, rue de Rennes – 35000 RENNES",
        ),
    ],
)
def test_the_agencys_address_is_read_in_many_layouts(text, expected):
    assert find_address(text)[0] == expected


def test_the_city_line_under_a_po_box_is_no_street_address():
    text = "Metro Police\nP.O. Box 10070\nBrooksville, Florida 34603\n"

    assert find_address(text) == (None, "P.O. Box 10070, Brooksville, Florida 34603")


def test_the_recipients_address_in_a_requisition_sentence_is_not_the_agencys():
    text = (
        "REQUÉRONS la société Example Inc., 444 Main Street, Suite 200, San Francisco, CA 94107\n"
    )

    assert find_address(text)[0] is None
