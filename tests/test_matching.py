"""Tests of the address matching (``ig_soom_dra.core.matching``), without Odoo."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from ig_soom_dra.core.matching import (
    Candidate,
    CandidateIndex,
    ContactKeys,
    FieldVerdict,
    PartyData,
    Status,
    compare,
    contact_keys,
    display_name,
    format_phone,
    is_company,
    is_mobile,
    is_valid_vin,
    legal_form,
    match_party,
    name_tokens,
    normalize_company,
    normalize_house_number,
    normalize_name,
    normalize_phone,
    normalize_phones,
    normalize_street,
    normalize_text,
    normalize_vin,
    normalize_zip,
    phone_key,
    rank_candidates,
    search_keys,
    split_street,
    vin_equal,
)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_files"

# ---------------------------------------------------------------------------
# Text and names
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Müller", "mueller"),
        ("  MÜLLER  ", "mueller"),
        ("Mu\u0308ller", "mueller"),  # decomposed umlaut (macOS)
        ("Großmann", "grossmann"),
        ("GROẞMANN", "grossmann"),
        ("Weiß  \t Straße", "weiss strasse"),
        ("José Señor", "jose senor"),
        ("Øster Ærø", "oester aeroe"),
        ("Müller-Lüdenscheidt", "mueller-luedenscheidt"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_text(value, expected):
    assert normalize_text(value) == expected


@pytest.mark.parametrize(
    ("value", "name", "company", "form"),
    [
        ("Innovation Group AG", "innovation group ag", "innovation group", "ag"),
        ("Innovation Group Aktiengesellschaft", "innovation group ag", "innovation group", "ag"),
        ("  innovation   group ag ", "innovation group ag", "innovation group", "ag"),
        ("Innovation Group", "innovation group", "innovation group", None),
        ("Autohaus Müller GmbH", "autohaus mueller gmbh", "autohaus mueller", "gmbh"),
        ("Autohaus Mueller G.m.b.H.", "autohaus mueller gmbh", "autohaus mueller", "gmbh"),
        (
            "Autohaus Müller Gesellschaft mit beschränkter Haftung",
            "autohaus mueller gmbh",
            "autohaus mueller",
            "gmbh",
        ),
        ("Müller Karosseriebau GmbH & Co. KG", None, "mueller karosseriebau", "gmbh co kg"),
        ("Müller Karosseriebau GmbH u. Co KG", None, "mueller karosseriebau", "gmbh co kg"),
        ("Schmidt Lackiererei e.K.", "schmidt lackiererei ek", "schmidt lackiererei", "ek"),
        ("Schmidt Lackiererei e. Kfm.", "schmidt lackiererei ek", "schmidt lackiererei", "ek"),
        ("Kfz-Hilfe e.V.", "kfz hilfe ev", "kfz hilfe", "ev"),
        ("Volksbank Ulm eG", "volksbank ulm eg", "volksbank ulm", "eg"),
        ("Meier & Sohn OHG", "meier sohn ohg", "meier sohn", "ohg"),
        ("Meier und Sohn GbR", "meier sohn gbr", "meier sohn", "gbr"),
        ("Blitz Transporte UG (haftungsbeschränkt)", None, "blitz transporte", "ug"),
        ("Blitz Transporte UG", None, "blitz transporte", "ug"),
        ("Allianz SE", "allianz se", "allianz", "se"),
        ("Allianz Versicherungs-AG", None, "allianz versicherungs", "ag"),
        ("Gothaer Allgemeine Versicherung AG", None, "gothaer allgemeine versicherung", "ag"),
        ("Dr. Hans-Peter Müller", "hans peter mueller", "hans peter mueller", None),
        ("Herrn Dipl.-Ing. Klaus Weiß", "klaus weiss", "klaus weiss", None),
        ("Firma Autohaus Schmidt", "autohaus schmidt", "autohaus schmidt", None),
        ("O'Brien", "obrien", "obrien", None),
        ("AG", "ag", "ag", "ag"),
        ("", "", "", None),
        (None, "", "", None),
    ],
)
def test_names_and_legal_forms(value, name, company, form):
    if name is not None:
        assert normalize_name(value) == name
    assert normalize_company(value) == company
    assert legal_form(value) == form


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (PartyData(name="Smith", first_name="Justin"), PartyData(name="Smith Justin")),
        (PartyData(name="Smith Justin"), Candidate(id=1, name="Justin Smith")),
        (PartyData(name="Musterkunde", first_name="Michaela"), "Michaela Musterkunde"),
        (PartyData(name="MÜLLER", first_name="gertrud"), "Gertrud Mueller"),
        (Candidate(id=1, name="Smith", first_name="Justin"), "Justin Smith"),
        ("Innovation Group AG", "innovation group"),
    ],
)
def test_name_tokens_are_order_free(first, second):
    assert sorted(name_tokens(first)) == sorted(name_tokens(second))


@pytest.mark.parametrize(
    ("party", "role", "expected"),
    [
        (PartyData(name="Innovation Group AG"), None, True),
        (PartyData(name="Autohaus Schmidt"), None, True),
        (PartyData(name="Test Versicherung"), None, True),
        (PartyData(name="Volksbank Ulm"), None, True),
        (PartyData(name="LeasePlan Deutschland"), None, False),
        (PartyData(name="LeasePlan Deutschland"), "Leasinggeber", True),
        (PartyData(name="HUK-COBURG"), "Versicherung", True),
        (PartyData(name="HUK-COBURG", role="Versicherung"), None, True),
        (PartyData(name="Kfz-Sachverständigenbüro Weber"), "Gutachter", True),
        (PartyData(name="Weber", first_name="Hans"), "Gutachter", False),
        (PartyData(name="Weber", first_name="Hans"), "Versicherung", False),
        (PartyData(name="Weber e.K.", first_name="Hans"), None, True),
        (PartyData(name="Musterkunde", first_name="Michaela"), "Kunde", False),
        (PartyData(name="Smith Justin"), "Kunde", False),
        (PartyData(name="Mustermann"), "Absender", False),
    ],
)
def test_is_company(party, role, expected):
    assert is_company(party, role=role) is expected


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        (PartyData(name="Musterkunde", first_name="Michaela"), "Michaela Musterkunde"),
        (PartyData(name=" Müller ", first_name=" Gertrud  Maria "), "Gertrud Maria Müller"),
        (PartyData(name="Smith Justin"), "Smith Justin"),
        (PartyData(name="Innovation  Group AG"), "Innovation Group AG"),
    ],
)
def test_display_name(party, expected):
    assert display_name(party) == expected


# ---------------------------------------------------------------------------
# Streets, house numbers, postcodes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "street", "number"),
    [
        ("Rotebühlstraße 121", "Rotebühlstraße", "121"),
        ("Rotebuehlstr. 121", "Rotebuehlstr.", "121"),
        ("ROTEBÜHLSTR.121", "ROTEBÜHLSTR.", "121"),
        ("Hauptstr. 13/1", "Hauptstr.", "13/1"),
        ("Am Markt 12 a", "Am Markt", "12 a"),
        ("Am Markt 12a", "Am Markt", "12a"),
        ("Musterstraße 456a-c", "Musterstraße", "456a-c"),
        ("Bahnhofstraße 12-14", "Bahnhofstraße", "12-14"),
        ("Straße des 17. Juni 135", "Straße des 17. Juni", "135"),
        ("Straße des 17. Juni", "Straße des 17. Juni", None),
        ("St.-Martin-Str. 5", "St.-Martin-Str.", "5"),
        ("Hauptstraße Nr. 5", "Hauptstraße", "5"),
        ("Schillingstraße, 122", "Schillingstraße", "122"),
        ("Rotebühlstraße", "Rotebühlstraße", None),
        ("121", "", "121"),
        ("", "", None),
        (None, "", None),
    ],
)
def test_split_street(value, street, number):
    assert split_street(value) == (street, number)


@pytest.mark.parametrize(
    "spellings",
    [
        ["Rotebühlstraße", "Rotebuehlstr.", "Rotebühlstrasse", "ROTEBÜHLSTR.", "Rotebühl Straße"],
        ["Musterstraße", "Musterstr.", "Musterstr", "musterstrasse", "Muster-Straße"],
        ["Berliner Straße", "Berliner Str.", "Berlinerstraße"],
        ["St.-Martin-Str.", "Sankt-Martin-Straße", "St. Martin Strasse"],
        ["Marktpl.", "Marktplatz", "Markt-Platz"],
        ["Straße des 17. Juni", "Strasse des 17. Juni", "Str. des 17. Juni"],
        ["Am Markt", "am  markt", "Am-Markt"],
    ],
)
def test_normalize_street_spellings_are_equal(spellings):
    assert len({normalize_street(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Rotebühlstraße", "Rotebühlplatz"),
        ("Hauptstraße", "Hauptweg"),
        ("Schillerstraße", "Schillingstraße"),
    ],
)
def test_normalize_street_different_streets(first, second):
    assert normalize_street(first) != normalize_street(second)


@pytest.mark.parametrize(
    "values",
    [
        ["Rotebühlstraße 121", "Rotebuehlstr. 121", "Rotebühlstrasse 121", "ROTEBÜHLSTR.121"],
        ["Am Markt 12 a", "Am Markt 12a", "Am Markt 12 A"],
        ["Hauptstr. 13/1", "Hauptstraße 13 / 1"],
    ],
)
def test_street_with_number_spellings_are_equal(values):
    keys = set()
    for value in values:
        street, number = split_street(value)
        keys.add((normalize_street(street), normalize_house_number(number)))
    assert len(keys) == 1


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12 a", "12a"),
        ("12A", "12a"),
        ("12a", "12a"),
        ("Nr. 12a", "12a"),
        ("13 / 1", "13/1"),
        ("12 - 14", "12-14"),
        ("12–14", "12-14"),
        ("007", "7"),
        ("99", "99"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalize_house_number(value, expected):
    assert normalize_house_number(value) == expected


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("70178", "DE", "70178"),
        ("01067", "DE", "01067"),
        ("1067", "DE", "01067"),
        ("D-70178", "DE", "70178"),
        ("DE-70178", "DE", "70178"),
        ("D 70178", "DE", "70178"),
        (" 70178 ", None, "70178"),
        ("70178 Stuttgart", "DE", "70178"),
        ("A-1010", "AT", "1010"),
        ("1010", "AT", "1010"),
        ("nl-1234 ab", "NL", "1234 AB"),
        ("", "DE", ""),
        (None, "DE", ""),
    ],
)
def test_normalize_zip(value, country, expected):
    assert normalize_zip(value, country) == expected


# ---------------------------------------------------------------------------
# Phones
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0711 66490-0", "49711664900"),
        ("+49 711 664900", "49711664900"),
        ("+49 (0)711 664900", "49711664900"),
        ("+49 (0) 711 / 66 49 00", "49711664900"),
        ("+49 0711 664900", "49711664900"),
        ("490711664900", "49711664900"),
        ("49711664900", "49711664900"),
        ("0049 711 664900", "49711664900"),
        ("0049 (0)711 664900", "49711664900"),
        ("(0711) 664900", "49711664900"),
        ("0711/664900", "49711664900"),
        ("Tel.: 0711-664900", "49711664900"),
        ("49071166491099", "4971166491099"),
        ("4907116649011035", "497116649011035"),
        ("+49 711 66490 11035", "497116649011035"),
        ("069/4711-0", "496947110"),
        ("0176-4547794", "491764547794"),
        ("0176 / 454 77 94", "491764547794"),
        ("040 1234567", "49401234567"),
        ("+43 (0)1 5123456", "4315123456"),
        ("0043 1 5123456", "4315123456"),
        ("+41 44 1234567", "41441234567"),
        ("+44 (0)20 7946 0958", "442079460958"),
        ("+39 06 1234567", "39061234567"),
        ("664900", None),
        ("110", None),
        ("-", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_phone(value, expected):
    assert normalize_phone(value) == expected


def test_normalize_phone_other_region():
    assert normalize_phone("01 5123456", region="AT") == "4315123456"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ("490711664900;49071166491099", ("49711664900", "4971166491099")),
        (("490711664900;49071166491099",), ("49711664900", "4971166491099")),
        ("0711 664900, 0176 4547794", ("49711664900", "491764547794")),
        ("0711 664900 oder 0176 4547794", ("49711664900", "491764547794")),
        ("0711 664900 bzw. 0176 4547794", ("49711664900", "491764547794")),
        ("0711 664900 / 0176 4547794", ("49711664900", "491764547794")),
        ("0711/664900 / 0176/4547794", ("49711664900", "491764547794")),
        ("0711/66490-0/0711/66490-11", ("49711664900", "497116649011")),
        ("0711 664900\n0176 4547794", ("49711664900", "491764547794")),
        ("069/4711-0", ("496947110",)),
        ("0711 664900/0", ("497116649000",)),
        (("0711 664900", "+49 711 664900", "490711664900"), ("49711664900",)),
        (("0711 664900", None, "", False), ("49711664900",)),
        ("664900", ("664900",)),
        ("-", ()),
        (None, ()),
        ((), ()),
    ],
)
def test_normalize_phones(values, expected):
    assert normalize_phones(values) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("49711664900", "+49 711 664900"),
        ("0711 66490-0", "+49 711 664900"),
        ("0176-4547794", "+49 176 4547794"),
        ("4315123456", "+43 1 5123456"),
        ("12125551234", "+1 212-555-1234"),
        ("+358 9 1234567", "+358 9 1234567"),
        ("664900", "664900"),
        ("", ""),
    ],
)
def test_format_phone(value, expected):
    assert format_phone(value) == expected


@pytest.mark.parametrize(
    ("value", "region", "mobile"),
    [
        ("0176-4547794", "DE", True),
        ("+49 151 12345678", "DE", True),
        ("491604547794", "DE", True),
        ("0711 66490-0", "DE", False),
        ("+49 (0)69 4711-0", "DE", False),
        ("0664 1234567", "AT", True),
        ("01 5123456", "AT", False),
        ("664900", "DE", False),
        ("", "DE", False),
        (None, "DE", False),
    ],
)
def test_is_mobile(value, region, mobile):
    assert is_mobile(value, region) is mobile


def test_contact_numbers_are_parsed_only_when_they_may_be_the_partys():
    """Parsing is costly: a contact's numbers are made canonical only when
    one ends with the digits of a number of the party."""
    party = PartyData(name="Müller", first_name="Gertrud", zip="80335", phones=("0176-4547794",))
    other = Candidate(id=1, name="Gertrud Müller", zip="80336", phones=("0711 664900",))
    same = Candidate(id=2, name="Gertrud Müller", zip="80336", phones=("+49 (0)176 / 454 77 94",))
    index = CandidateIndex([other, same])
    assert [scored.candidate.id for scored in index.rank(party)] == [2, 1]
    assert index._keys[0].phones._canonical is None
    assert index._keys[1].phones._canonical == {"491764547794": "1764547794"}


@pytest.mark.parametrize("value", ["0711 66490-0", "0176-4547794", "+43 1 5123456", "+358 9 1234"])
def test_format_phone_round_trip(value):
    assert normalize_phone(format_phone(value)) == normalize_phone(value)


# ---------------------------------------------------------------------------
# Status
# ---------------------------------------------------------------------------

IG = Candidate(
    id=1,
    name="Innovation Group AG",
    street="Rotebühlstraße 121",
    zip="70178",
    city="Stuttgart",
    phones=("+49 711 664900", "+49 711 66491099"),
    faxes=("+49 711 66490 11035",),
    email="motor@de.innovation-group.com",
    is_company=True,
)
TEST_INSURER = Candidate(
    id=2,
    name="Test Versicherung",
    street="Teststraße 1",
    zip="70178",
    city="Stuttgart",
    is_company=True,
)
MICHAELA = Candidate(
    id=3,
    name="Michaela Musterkunde",
    street="Musterstr. 456",
    zip="20095",
    city="Hamburg",
    phones=("040 1234567",),
)
JUSTIN = Candidate(
    id=4, name="Justin Smith", street="Musterstraße 99", zip="60386", city="Frankfurt a. M."
)
GERTRUD = Candidate(
    id=5,
    name="Gertrud Mueller",
    street="Schillingstr. 122",
    zip="80335",
    city="München",
    phones=("0176 4547794",),
)
JUERGEN = Candidate(id=6, name="Jürgen Weiss", street="Koenigstraße 5", zip="1067", city="Dresden")
HANS_PETER = Candidate(
    id=7, name="Dr. Hans-Peter Müller", street="Am Markt 12 a", zip="89346", city="Bibertal"
)
AUTOHAUS = Candidate(
    id=8,
    name="Autohaus Mueller GmbH u. Co. KG",
    street="St.-Martin-Str. 3",
    zip="89346",
    is_company=True,
)
CONTACTS = [IG, TEST_INSURER, MICHAELA, JUSTIN, GERTRUD, JUERGEN, HANS_PETER, AUTOHAUS]

PARTY_IG = PartyData(
    name="Innovation Group AG",
    street="Rotebühlstraße",
    house_number="121",
    zip="70178",
    city="Stuttgart",
    phones=("490711664900;49071166491099",),
    faxes=("4907116649011035",),
    email="motor@de.innovation-group.com",
    role="Schadenvermittler",
)
PARTY_MICHAELA = PartyData(
    name="Musterkunde",
    first_name="Michaela",
    street="Musterstraße",
    house_number="456",
    zip="20095",
    city="Hamburg",
    phones=("040 1234567",),
)
PARTY_GERTRUD = PartyData(
    name="Müller",
    first_name="Gertrud",
    street="Schillingstraße 122",
    zip="80335",
    city="München",
    phones=("0176-4547794",),
)


def _party(base, **changes):
    values = {name: getattr(base, name) for name in base.__dataclass_fields__}
    values.update(changes)
    return PartyData(**values)


@pytest.mark.parametrize(
    ("party", "status", "candidate_id"),
    [
        # green: identical under normalisation
        (PARTY_IG, Status.GREEN, 1),
        (_party(PARTY_IG, name="INNOVATION GROUP Aktiengesellschaft"), Status.GREEN, 1),
        (_party(PARTY_IG, name="Innovation Group"), Status.GREEN, 1),
        (_party(PARTY_IG, street="Rotebuehlstr. 121", house_number=None), Status.GREEN, 1),
        (_party(PARTY_IG, street="ROTEBÜHLSTR.121", house_number=None), Status.GREEN, 1),
        (_party(PARTY_IG, zip="D-70178", city="Stuttgart-Mitte"), Status.GREEN, 1),
        (_party(PARTY_IG, phones=("0711 999999",), email=None), Status.GREEN, 1),
        (PARTY_MICHAELA, Status.GREEN, 3),
        (_party(PARTY_MICHAELA, name="MUSTERKUNDE", first_name="michaela"), Status.GREEN, 3),
        (_party(PARTY_MICHAELA, name="Musterkunde Michaela", first_name=None), Status.GREEN, 3),
        (_party(PARTY_MICHAELA, street="Musterstrasse 456", house_number=None), Status.GREEN, 3),
        (PARTY_GERTRUD, Status.GREEN, 5),
        (
            PartyData(name="Smith Justin", street="Musterstr. 99", zip="60386"),
            Status.GREEN,
            4,
        ),
        (
            PartyData(name="Smith", first_name="Justin", street="Musterstr. 99", zip="60386"),
            Status.GREEN,
            4,
        ),
        (
            PartyData(name="Test Versicherung", street="Teststr. 1", zip="70178"),
            Status.GREEN,
            2,
        ),
        (
            PartyData(name="Test Versicherung AG", street="Teststr. 1", zip="70178"),
            Status.GREEN,
            2,
        ),
        (
            PartyData(name="Weiß", first_name="Jürgen", street="Königstr. 5", zip="01067"),
            Status.GREEN,
            6,
        ),
        (
            PartyData(name="Müller", first_name="Hans-Peter", street="Am Markt 12a", zip="89346"),
            Status.GREEN,
            7,
        ),
        (
            PartyData(
                name="MÜLLER",
                first_name="Hans Peter",
                street="Am Markt",
                house_number="12 A",
                zip="89346",
            ),
            Status.GREEN,
            7,
        ),
        (
            PartyData(
                name="Autohaus Müller GmbH & Co. KG",
                street="Sankt-Martin-Straße",
                house_number="3",
                zip="89346",
            ),
            Status.GREEN,
            8,
        ),
        (
            PartyData(name="Autohaus Müller", street="St. Martin Strasse 3", zip="89346"),
            Status.GREEN,
            8,
        ),
        # orange: same name and postcode, first name / street / house number differ
        (
            PartyData(name="Müller", first_name="Hans", street="Am Markt 12a", zip="89346"),
            Status.ORANGE,
            7,
        ),
        (_party(PARTY_MICHAELA, first_name="Michael"), Status.ORANGE, 3),
        (_party(PARTY_MICHAELA, first_name=None), Status.ORANGE, 3),
        (_party(PARTY_MICHAELA, street="Hafenstraße"), Status.ORANGE, 3),
        (_party(PARTY_MICHAELA, street=None, house_number=None), Status.ORANGE, 3),
        (_party(PARTY_MICHAELA, house_number="456a"), Status.ORANGE, 3),
        (_party(PARTY_MICHAELA, house_number="465"), Status.ORANGE, 3),
        (_party(PARTY_IG, street="Rotebühlplatz"), Status.ORANGE, 1),
        (PartyData(name="Smith", street="Musterstr. 99", zip="60386"), Status.ORANGE, 4),
        # red: no contact with that name and postcode
        (_party(PARTY_MICHAELA, zip="20097"), Status.RED, None),
        (_party(PARTY_MICHAELA, name="Musterkude"), Status.RED, None),
        (_party(PARTY_GERTRUD, name="Muller"), Status.RED, None),
        (_party(PARTY_GERTRUD, name="Möller"), Status.RED, None),
        (_party(PARTY_IG, name="Innovation Group GmbH"), Status.RED, None),
        (_party(PARTY_IG, name="Innovation Group Holding AG"), Status.RED, None),
        (PartyData(name="Mustermann", street="Mandantenweg 12", zip="89346"), Status.RED, None),
        (
            PartyData(name="Autohaus Müller AG", street="St.-Martin-Str. 3", zip="89346"),
            Status.RED,
            None,
        ),
        (
            PartyData(name="Müller", first_name="Gertrud", phones=("0176-4547794",)),
            Status.RED,
            None,
        ),
        # grey: no data
        (None, Status.GREY, None),
        (PartyData(name=None), Status.GREY, None),
        (PartyData(name="   ", first_name="Gertrud", zip="80335"), Status.GREY, None),
    ],
)
def test_match_party_status(party, status, candidate_id):
    result = match_party(party, CONTACTS)
    assert result.status is status
    assert result.candidate_id == candidate_id


@pytest.mark.parametrize(
    ("party", "differing"),
    [
        (_party(PARTY_MICHAELA, first_name="Michael"), {"first_name"}),
        (_party(PARTY_MICHAELA, street="Hafenstraße"), {"street"}),
        (_party(PARTY_MICHAELA, house_number="456a"), {"house_number"}),
        (
            _party(PARTY_MICHAELA, first_name="Michael", street="Hafenstr. 4", house_number=None),
            {"first_name", "street", "house_number"},
        ),
    ],
)
def test_orange_names_the_differing_fields(party, differing):
    result = match_party(party, CONTACTS)
    assert result.status is Status.ORANGE
    status_fields = {"first_name", "street", "house_number", "zip"}
    assert {v.field for v in result.verdicts if v.field in status_fields and v.equal is False} == (
        differing
    )


def test_match_party_lists_exact_and_same_name_contacts_best_first():
    twins = [
        Candidate(id=11, name="Michaela Musterkunde", street="Hafenstr. 1", zip="20095"),
        Candidate(id=12, name="Michaela Musterkunde", street="Musterstraße 456", zip="20095"),
        Candidate(id=13, name="Max Musterkunde", street="Musterstraße 456", zip="20095"),
        Candidate(id=14, name="Michaela Musterkunde", street="Musterstr. 456", zip="20095"),
        Candidate(id=15, name="Michaela Musterkunde", street="Musterstr. 456", zip="22767"),
    ]
    result = match_party(PARTY_MICHAELA, twins)
    assert result.status is Status.GREEN
    assert result.candidate_id == 12
    assert result.exact_ids == (12, 14)
    assert result.same_name_ids == (12, 14, 13, 11)


def test_match_party_prefers_the_contact_with_the_same_phone():
    twins = [
        Candidate(id=21, name="Michaela Musterkunde", street="Musterstr. 456", zip="20095"),
        Candidate(
            id=22,
            name="Michaela Musterkunde",
            street="Musterstr. 456",
            zip="20095",
            phones=("+49 40 1234567",),
        ),
    ]
    assert match_party(PARTY_MICHAELA, twins).candidate_id == 22


def test_party_without_postcode_matches_contact_without_postcode():
    party = PartyData(name="Müller", first_name="Gertrud", phones=("0176-4547794",))
    contact = Candidate(id=31, name="Gertrud Müller", phones=("0176 4547794",))
    result = match_party(party, [GERTRUD, contact])
    assert (result.status, result.candidate_id) == (Status.GREEN, 31)


def test_contact_with_first_name_field():
    contact = Candidate(
        id=41, name="Justin Smith", first_name="Justin", street="Musterstr. 99", zip="60386"
    )
    for party in (
        PartyData(name="Smith Justin", street="Musterstr. 99", zip="60386"),
        PartyData(name="Smith", first_name="Justin", street="Musterstr. 99", zip="60386"),
    ):
        assert match_party(party, [contact]).status is Status.GREEN
    other = PartyData(name="Smith", first_name="Jason", street="Musterstr. 99", zip="60386")
    assert match_party(other, [contact]).status is Status.ORANGE


def test_person_party_against_company_contact_of_the_same_name():
    contact = Candidate(
        id=51, name="Schmidt GmbH", street="Werkstraße 3", zip="89346", is_company=True
    )
    party = PartyData(name="Schmidt", street="Werkstr. 3", zip="89346")
    assert match_party(party, [contact]).status is Status.GREEN


# ---------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------


def _verdicts(party, candidate):
    return {verdict.field: verdict for verdict in compare(party, candidate)}


def test_compare_field_order():
    assert [verdict.field for verdict in compare(PARTY_IG, IG)] == [
        "name",
        "first_name",
        "street",
        "house_number",
        "zip",
        "city",
        "phone",
        "fax",
        "email",
    ]


def test_compare_identical_company():
    verdicts = _verdicts(PARTY_IG, IG)
    assert verdicts["name"] == FieldVerdict(
        "name", "Innovation Group AG", "Innovation Group AG", True
    )
    assert verdicts["first_name"] == FieldVerdict("first_name", None, None, None)
    assert verdicts["street"] == FieldVerdict("street", "Rotebühlstraße", "Rotebühlstraße", True)
    assert verdicts["house_number"] == FieldVerdict("house_number", "121", "121", True)
    assert verdicts["phone"] == FieldVerdict(
        "phone", "+49 711 664900, +49 711 66491099", "+49 711 664900, +49 711 66491099", True
    )
    assert verdicts["fax"].equal is True
    assert verdicts["email"].equal is True


@pytest.mark.parametrize(
    ("party_phones", "contact_phones", "equal"),
    [
        (("0711 66490-0",), ("+49 711 664900",), True),
        (("490711664900",), ("+49 711 664900", "0176 1234567"), True),
        (("490711664900;49071166491099",), ("+49 711 664900",), False),
        (("0711 123456",), ("+49 711 664900",), False),
        (("0711 123456",), (), False),
        ((), ("+49 711 664900",), False),
        ((), (), None),
    ],
)
def test_compare_phones(party_phones, contact_phones, equal):
    party = _party(PARTY_IG, phones=party_phones)
    contact = Candidate(id=1, name="Innovation Group AG", zip="70178", phones=contact_phones)
    assert _verdicts(party, contact)["phone"].equal is equal


@pytest.mark.parametrize(
    ("party_faxes", "contact_faxes", "equal"),
    [
        (("4907116649011035",), ("+49 711 66490 11035",), True),
        (("4907116649011035",), ("0711 66490 11036",), False),
        ((), (), None),
    ],
)
def test_compare_faxes(party_faxes, contact_faxes, equal):
    party = _party(PARTY_IG, faxes=party_faxes)
    contact = Candidate(id=1, name="Innovation Group AG", zip="70178", faxes=contact_faxes)
    assert _verdicts(party, contact)["fax"].equal is equal


@pytest.mark.parametrize(
    ("party_email", "contact_email", "equal"),
    [
        ("Motor@DE.Innovation-Group.com", "motor@de.innovation-group.com", True),
        ("motor@de.innovation-group.com", "info@ig.de, motor@de.innovation-group.com", True),
        ("motor@de.innovation-group.com", "info@ig.de", False),
        (None, None, None),
    ],
)
def test_compare_email(party_email, contact_email, equal):
    party = _party(PARTY_IG, email=party_email)
    contact = Candidate(id=1, name="Innovation Group AG", zip="70178", email=contact_email)
    assert _verdicts(party, contact)["email"].equal is equal


def test_phone_and_town_never_change_the_status():
    party = _party(PARTY_MICHAELA, phones=("0171 000000",), city="Hamburg-Altona")
    result = match_party(party, CONTACTS)
    assert result.status is Status.GREEN
    assert result.verdict("phone").equal is False
    assert result.verdict("city").equal is False


@pytest.mark.parametrize(
    ("party", "candidate", "first_name"),
    [
        (PARTY_MICHAELA, MICHAELA, FieldVerdict("first_name", "Michaela", "Michaela", True)),
        (
            _party(PARTY_MICHAELA, first_name=None),
            MICHAELA,
            FieldVerdict("first_name", None, "Michaela", False),
        ),
        (
            _party(PARTY_MICHAELA, first_name="Hans-Peter"),
            Candidate(id=6, name="Dr. Hans-Peter Musterkunde", zip="20095"),
            FieldVerdict("first_name", "Hans-Peter", "Hans-Peter", True),
        ),
        (
            PartyData(name="Smith Justin"),
            JUSTIN,
            FieldVerdict("first_name", None, None, None),
        ),
        (
            _party(PARTY_MICHAELA, name="Muster-Kunde"),
            MICHAELA,
            FieldVerdict("first_name", "Michaela", "Michaela", True),
        ),
    ],
)
def test_compare_first_name(party, candidate, first_name):
    assert _verdicts(party, candidate)["first_name"] == first_name


def test_compare_without_contact_shows_the_imported_values():
    verdicts = _verdicts(PARTY_GERTRUD, None)
    assert verdicts["name"] == FieldVerdict("name", "Müller", None, False)
    assert verdicts["street"] == FieldVerdict("street", "Schillingstraße", None, False)
    assert verdicts["house_number"] == FieldVerdict("house_number", "122", None, False)
    assert verdicts["fax"] == FieldVerdict("fax", None, None, None)


def test_red_result_carries_the_imported_values():
    result = match_party(_party(PARTY_GERTRUD, zip="80336"), CONTACTS)
    assert result.status is Status.RED
    assert result.verdict("zip") == FieldVerdict("zip", "80336", None, False)
    assert result.verdict("nonexistent") is None


# ---------------------------------------------------------------------------
# Ranking
# ---------------------------------------------------------------------------

NEIGHBOURS = [
    Candidate(id=101, name="Michaela Musterkude", street="Musterstr. 456", zip="20095"),
    Candidate(id=102, name="Hans Schmidt", street="Musterstr. 456", zip="20095"),
    Candidate(id=103, name="Michaela Musterkunde", street="Musterstraße 456", zip="20095"),
    Candidate(id=104, name="Max Musterkunde", street="Musterstraße 456", zip="20095"),
    Candidate(id=105, name="Michaela Musterkunde", street="Elbchaussee 1", zip="22605"),
    Candidate(id=106, name="Peter Wagner", street="Hafenstraße 2", zip="20097"),
    Candidate(id=107, name="Gertrud Müller", street="Schillingstraße 122", zip="80335"),
    Candidate(id=108, name="Gertrud Mueller", street="Schillingstr. 122", zip="80335"),
    Candidate(id=109, name="Gertrud Muller", street="Schillingstr. 122", zip="80335"),
    Candidate(id=110, name="Gertrud Möller", street="Schillingstr. 122", zip="80335"),
    Candidate(id=111, name="Gerd Maier", street="Bahnhofstr. 1", zip="80335"),
    Candidate(id=112, name="Innovation Group AG", street="Rotebuehlstrasse 121", zip="70178"),
    Candidate(id=113, name="Inovation Grup GmbH", street="Rotebühlstr. 121", zip="70178"),
    Candidate(id=114, name="Allianz Versicherungs-AG", street="Königinstr. 28", zip="80802"),
    Candidate(id=115, name="Test Versicherung", street="Teststraße 1", zip="70178"),
    Candidate(id=116, name="Test Versicherung Stuttgart", street="Teststraße 1", zip="70178"),
]


def _ranked_ids(party, candidates=NEIGHBOURS, **kwargs):
    return [scored.candidate.id for scored in rank_candidates(party, candidates, **kwargs)]


@pytest.mark.parametrize(
    ("party", "first_ids", "absent_ids"),
    [
        (PARTY_MICHAELA, [103, 101], {102, 106, 107}),
        (_party(PARTY_MICHAELA, name="Musterkude"), [101, 103], {102, 106}),
        (
            _party(PARTY_MICHAELA, zip="22605", street="Elbchaussee 1", house_number=None),
            [105],
            {102},
        ),
        (PARTY_GERTRUD, [107, 108], {111, 106}),
        (_party(PARTY_GERTRUD, name="Muller"), [109], {111}),
        (_party(PARTY_GERTRUD, street="Rotebuehlstrasse 3"), [107, 108], {111}),
        (PARTY_IG, [112, 113], {114, 115}),
        (_party(PARTY_IG, name="Inovation Group AG"), [112, 113], {114, 115}),
        (PartyData(name="Test Versicherung", street="Teststr. 1", zip="70178"), [115, 116], {114}),
    ],
)
def test_rank_offers_typos_and_spelling_variants_first(party, first_ids, absent_ids):
    ranked = _ranked_ids(party)
    assert ranked[: len(first_ids)] == first_ids
    assert not absent_ids & set(ranked)


def test_rank_scores_spelling_variants_above_unrelated_names():
    scores = {
        scored.candidate.id: scored.score for scored in rank_candidates(PARTY_GERTRUD, NEIGHBOURS)
    }
    assert scores[107] == scores[108] == 100.0
    assert scores[108] > scores[109] > 60
    assert scores[108] > scores[110] > 60
    assert 111 not in scores


@pytest.mark.parametrize("limit", [0, 1, 2, 3])
def test_rank_respects_limit(limit):
    assert len(_ranked_ids(PARTY_GERTRUD, limit=limit)) == limit


def test_rank_respects_min_score():
    ranked = rank_candidates(PARTY_GERTRUD, NEIGHBOURS, min_score=99)
    assert [scored.candidate.id for scored in ranked] == [107, 108]


def test_rank_equal_scores_keep_the_older_contact_first():
    twins = [
        Candidate(id=203, name="Michaela Musterkunde", zip="20095"),
        Candidate(id=201, name="Michaela Musterkunde", zip="20095"),
        Candidate(id=202, name="Michaela Musterkunde", zip="20095"),
    ]
    assert _ranked_ids(PARTY_MICHAELA, twins) == [201, 202, 203]


def test_rank_offers_the_contact_with_the_same_phone_for_a_party_without_address():
    party = PartyData(name="Müller", first_name="Gertrud", phones=("0176-4547794",))
    ranked = rank_candidates(party, [*NEIGHBOURS, GERTRUD])
    assert (ranked[0].candidate, ranked[0].score) == (GERTRUD, 100.0)


@pytest.mark.parametrize("party", [None, PartyData(name=None), PartyData(name=" ")])
def test_rank_without_name_offers_nothing(party):
    assert rank_candidates(party, NEIGHBOURS) == []


def test_candidate_index_ranks_and_matches_like_the_functions():
    index = CandidateIndex(NEIGHBOURS + CONTACTS)
    assert len(index) == len(NEIGHBOURS) + len(CONTACTS)
    for party in (PARTY_IG, PARTY_MICHAELA, PARTY_GERTRUD, _party(PARTY_IG, name="Inovation")):
        assert index.rank(party, limit=5) == rank_candidates(party, NEIGHBOURS + CONTACTS, limit=5)
        assert index.match(party) == match_party(party, NEIGHBOURS + CONTACTS)


def _many_contacts():
    contacts = []
    for surname in ("Müller", "Mueller", "Muller", "Möller", "Maier", "Schmidt"):
        for first in ("Gertrud", "Gerda", "Hans", "Trude"):
            for zip_code in ("80335", "80336", "10115", ""):
                for street in ("Schillingstraße 122", "Schillerstr. 12", "Weg 4"):
                    number = len(contacts) + 1000
                    contacts.append(
                        Candidate(
                            id=number,
                            name=f"{first} {surname}",
                            street=street,
                            zip=zip_code,
                            phones=("0176-4547794",) if number % 97 == 0 else (),
                        )
                    )
    return contacts


@pytest.mark.parametrize(
    "party",
    [
        PARTY_GERTRUD,
        _party(PARTY_GERTRUD, name="Muller", street="Weg 4"),
        _party(PARTY_GERTRUD, first_name=None, zip="80336"),
        PartyData(name="Müller", first_name="Gertrud", phones=("0176-4547794",)),
    ],
)
@pytest.mark.parametrize("min_score", [0, 60, 80])
def test_rank_is_exact_despite_pruning(party, min_score):
    """The index scores names best first and stops as soon as no contact can
    enter the result any more; the result is the same as without stopping."""
    contacts = _many_contacts()
    index = CandidateIndex(contacts)
    everything = index.rank(party, limit=len(contacts), min_score=0)
    qualified = [scored for scored in everything if scored.score >= min_score]
    for limit in (1, 2, 5, 10, 50):
        assert index.rank(party, limit=limit, min_score=min_score) == qualified[:limit]


# ---------------------------------------------------------------------------
# Database look-up
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        (
            _party(PARTY_GERTRUD, email="Gertrud@Example.org"),
            {
                "name_zip": (),
                "name_first": ("mueller|gertrud", "gertrud|mueller"),
                "address": (
                    "80335|schillingstr|122",
                    "08335|schillingstr|122",
                    "83035|schillingstr|122",
                    "80353|schillingstr|122",
                ),
                "street": ("schillingstr|122",),
                "zip_number": ("80335|122", "08335|122", "83035|122", "80353|122"),
                "phones": ("491764547794",),
                "emails": ("gertrud@example.org",),
                "similarity_text": ("gertrud müller",),
                "street_text": ("schillingstraße",),
            },
        ),
        (
            PartyData(name="Test Versicherung AG", zip="D-77777"),
            {
                "name_zip": ("testversicherung|77777",),
                "name_first": (),
                "address": (),
                "street": (),
                "zip_number": (),
                "phones": (),
                "emails": (),
                "similarity_text": ("test versicherung ag",),
                "street_text": (),
            },
        ),
        (
            PartyData(name="Test Versicherung AG"),
            {
                "name_zip": (),
                "name_first": ("testversicherung|",),
                "address": (),
                "street": (),
                "zip_number": (),
                "phones": (),
                "emails": (),
                "similarity_text": ("test versicherung ag",),
                "street_text": (),
            },
        ),
        (
            PartyData(name="Smith Justin"),
            {
                "name_zip": (),
                "name_first": ("smithjustin|", "justin|smith", "smith|justin"),
                "address": (),
                "street": (),
                "zip_number": (),
                "phones": (),
                "emails": (),
                "similarity_text": ("smith justin",),
                "street_text": (),
            },
        ),
        (
            PartyData(name=" "),
            {
                "name_zip": (),
                "name_first": (),
                "address": (),
                "street": (),
                "zip_number": (),
                "phones": (),
                "emails": (),
                "similarity_text": (),
                "street_text": (),
            },
        ),
    ],
)
def test_search_keys(party, expected):
    assert search_keys(party) == expected


@pytest.mark.parametrize(
    ("contact", "expected"),
    [
        (
            MICHAELA,
            ContactKeys(
                "musterkunde|20095",
                "musterkunde|michaela",
                "20095|musterstr|456",
                "musterstr|456",
                "20095|456",
            ),
        ),
        (
            HANS_PETER,
            ContactKeys(
                "mueller|89346",
                "mueller|hanspeter",
                "89346|ammarkt|12a",
                "ammarkt|12a",
                "89346|12a",
            ),
        ),
        (
            AUTOHAUS,
            ContactKeys(
                "autohausmueller|89346",
                "autohausmueller|",
                "89346|sanktmartinstr|3",
                "sanktmartinstr|3",
                "89346|3",
            ),
        ),
        (
            Candidate(id=9, name="Müller-Lüdenscheidt"),
            ContactKeys(None, "muellerluedenscheidt|", None, None, None),
        ),
        (
            Candidate(id=9, name="GmbH", street="Weg 1", zip="12345"),
            ContactKeys(None, None, "12345|weg|1", "weg|1", "12345|1"),
        ),
    ],
)
def test_contact_keys(contact, expected):
    keys = contact_keys(
        contact.name, contact.street, contact.zip, contact.country, contact.is_company
    )
    assert keys == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0711 66490-0", "49711664900"), ("110; 0711 664900", "49711664900"), (False, None)],
)
def test_phone_key(value, expected):
    assert phone_key(value) == expected


# ---------------------------------------------------------------------------
# Noisy records: found by a search key, offered among the first five, never green
# ---------------------------------------------------------------------------

HOUSEHOLD = [
    MICHAELA,
    Candidate(id=31, name="Michaela Musterkunde", street="Elbchaussee 1", zip="22605"),
    Candidate(id=32, name="Max Mustermann", street="Musterstr. 456", zip="20095"),
    Candidate(id=33, name="Michael Musterkunde", street="Hafenstraße 2", zip="20095"),
    Candidate(id=34, name="Maria Musterkunde", street="Musterstr. 45", zip="20095"),
    Candidate(id=35, name="Michaela Mustermann", street="Musterweg 6", zip="20095"),
    Candidate(id=36, name="Paul Musterkunde", street="Elbchaussee 1", zip="22605"),
    Candidate(id=37, name="Michaela Muster", street="Musterstr. 4", zip="20095"),
]
NOISY = {
    "surname typo": _party(PARTY_MICHAELA, name="Mustrekunde"),
    "surname blank": _party(PARTY_MICHAELA, name="Muster kunde"),
    "street typo": _party(PARTY_MICHAELA, street="Mutserstraße"),
    "street blank": _party(PARTY_MICHAELA, street="Muster straße"),
    "household first name": _party(PARTY_MICHAELA, first_name="Paul"),
    "postcode transposed": _party(PARTY_MICHAELA, zip="20059"),
    "no postcode": _party(PARTY_MICHAELA, zip=None),
    "surname typo, postcode transposed": _party(PARTY_MICHAELA, name="Musterkunbe", zip="20905"),
    "household, no postcode": _party(PARTY_MICHAELA, first_name="Paul", zip=None),
    "surname typo, household": _party(PARTY_MICHAELA, name="Musterkunde", first_name="Paul"),
    "street typo, no postcode, phone": _party(
        PARTY_MICHAELA, name="Mustrekunde", street="Musterstarße", zip=None
    ),
}


def _key_hits(party, contact):
    keys = contact_keys(contact.name, contact.street, contact.zip, None, contact.is_company)
    search = search_keys(party)
    return {
        field
        for field, value in (
            ("name_zip", keys.name_zip),
            ("name_first", keys.name_first),
            ("address", keys.address),
            ("street", keys.street),
            ("zip_number", keys.zip_number),
        )
        if value and value in search[field]
    } | ({"phones"} if set(normalize_phones(contact.phones)) & set(search["phones"]) else set())


@pytest.mark.parametrize("noise", NOISY)
def test_noisy_party_is_found_by_a_search_key(noise):
    assert _key_hits(NOISY[noise], MICHAELA)


@pytest.mark.parametrize("noise", NOISY)
def test_noisy_party_is_offered_first_and_never_green_for_another(noise):
    party = NOISY[noise]
    index = CandidateIndex(HOUSEHOLD)
    result = index.match(party)
    offered = [
        *result.same_name_ids,
        *(scored.candidate.id for scored in index.rank(party, limit=10)),
    ]
    assert list(dict.fromkeys(offered))[:1] == [MICHAELA.id]
    assert result.status != Status.GREEN or result.candidate_id == MICHAELA.id


# ---------------------------------------------------------------------------
# VINs
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalized", "valid"),
    [
        ("WDD1173421N456789", "WDD1173421N456789", True),
        ("wdd1173421n456789", "WDD1173421N456789", True),
        (" WDD 117342 1N456789 ", "WDD1173421N456789", True),
        ("WDD-117342-1N-456789", "WDD1173421N456789", True),
        ("ZFA31200000753001", "ZFA31200000753001", True),
        ("ＷＤＤ1173421Ｎ456789", "WDD1173421N456789", True),  # full-width
        # Not valid, and not made to look valid: nothing is corrected.
        ("WDD1173421N45678O", "WDD1173421N45678O", False),
        ("WDDI173421N456789", "WDDI173421N456789", False),
        ("wddq173421n456789", "WDDQ173421N456789", False),
        ("WDD1173421N45678", "WDD1173421N45678", False),
        ("WDD1173421N4567890", "WDD1173421N4567890", False),
        ("DR0PTABLEFLEETVEH1CLEBXBÄÖÜ", "DR0PTABLEFLEETVEH1CLEBXBÄÖÜ", False),
        ("DR0PTABLEFLEETV'ÄÖÜ", "DR0PTABLEFLEETVÄÖÜ", False),
        ("WDD1173421N4567ß", "WDD1173421N4567ß", False),  # "ß".upper() is "SS"
        ("WDD1173421N45678ı", "WDD1173421N45678ı", False),  # "ı".upper() is "I"
        ("", None, False),
        (None, None, False),
    ],
)
def test_vin(value, normalized, valid):
    assert normalize_vin(value) == normalized
    assert is_valid_vin(value) is valid
    assert is_valid_vin(normalized) is valid
    assert normalize_vin(normalized) == normalized


@pytest.mark.parametrize(
    ("first", "second", "equal"),
    [
        ("WDD1173421N456789", "wdd 1173421n456789", True),
        ("WDD1173421N456789", "WDD1173421N45678O", False),
        ("WDD1173421N456780", "WDD1173421N45678O", True),
        ("WDD1173421N456789", "WDD1173421N456788", False),
        (None, None, False),
        ("", "", False),
    ],
)
def test_vin_equal(first, second, equal):
    assert vin_equal(first, second) is equal


# ---------------------------------------------------------------------------
# The project's sample files against the demo contacts
# ---------------------------------------------------------------------------

_NS = {"dra": "urn:ksr:dra:1"}


def _sample_parties(file_name):
    root = ET.parse(SAMPLES / file_name).getroot()
    parties = {}
    for element in root.iterfind("dra:Beteiligte/dra:Beteiligter", _NS):

        def text(tag, element=element):
            return element.findtext(f"dra:{tag}", default=None, namespaces=_NS)

        parties[element.get("Rolle")] = PartyData(
            name=text("Name"),
            first_name=text("Vorname"),
            street=text("Strasse"),
            house_number=text("Hausnummer"),
            zip=text("PLZ"),
            city=text("Ort"),
            country=text("Land") or "DE",
            phones=tuple(filter(None, [text("Telefon")])),
            faxes=tuple(filter(None, [text("Fax")])),
            email=text("EMail"),
            role=element.get("Rolle"),
        )
    return parties


DEMO_CONTACTS = [
    Candidate(
        id=1,
        name="Innovation Group AG",
        street="Rotebühlstraße 121",
        zip="70178",
        city="Stuttgart",
        phones=("+49 711 664900",),
        faxes=("+49 711 66490 11035",),
        email="motor@de.innovation-group.com",
        is_company=True,
    ),
    Candidate(id=2, name="Test Versicherung", street="Teststraße 1", zip="70178", is_company=True),
    Candidate(
        id=3,
        name="Michaela Musterkunde",
        street="Musterstr. 456",
        zip="20095",
        phones=("040 1234567",),
    ),
]


@pytest.mark.parametrize(
    ("file_name", "role", "status"),
    [
        ("KSR202019362.xml", "Absender", Status.GREEN),
        ("KSR202019362.xml", "Kunde", Status.GREEN),
        ("KSR202019362.xml", "Fahrzeughalter", Status.GREEN),
        ("KSR202019362.xml", "Versicherung", Status.GREEN),
        ("KSR202019362.xml", "Schadenvermittler", Status.GREEN),
        ("KSR202019374.xml", "Kunde", Status.RED),
        ("KSR202019374.xml", "Fahrzeugfahrer", Status.RED),
        ("KSR202019753.xml", "Absender", Status.RED),
        ("KSR202019753.xml", "Kunde", Status.RED),
        ("KSR202019753.xml", "Leasinggeber", Status.GREEN),
        ("KSR202019753.xml", "Gutachter", Status.GREY),
        ("KSR202019753.xml", "Fahrzeugfahrer", Status.GREY),
    ],
)
def test_sample_files_against_demo_contacts(file_name, role, status):
    party = _sample_parties(file_name)[role]
    assert match_party(party, DEMO_CONTACTS).status is status
